package io.backtide.jobs.provider;

import java.time.Duration;

/** Waits. A seam so that rate-limit arithmetic can be tested without waiting for real. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL =
      d -> {
        if (!d.isNegative() && !d.isZero()) {
          Thread.sleep(d.toMillis());
        }
      };

  void sleep(Duration duration) throws InterruptedException;
}
