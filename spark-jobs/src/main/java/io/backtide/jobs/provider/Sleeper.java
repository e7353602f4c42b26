package io.backtide.jobs.provider;

import java.time.Duration;

/** Waits. A seam so that rate-limit arithmetic can be tested without waiting for real. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL =
      d -> {
        if (!d.isNegative() && !d.isZero()) {
          // never less than asked: a pace of sub-millisecond slots would otherwise run early
          Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        }
      };

  void sleep(Duration duration) throws InterruptedException;
}
