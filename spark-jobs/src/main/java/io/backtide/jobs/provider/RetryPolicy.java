package io.backtide.jobs.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How patiently a transient failure is retried. Waits grow exponentially from {@code baseDelay} up
 * to {@code maxDelay} per wait, each a random amount between half and all of its step ("equal
 * jitter", so parallel clients do not retry in lockstep). A request is given up once it has failed
 * continuously for {@code maxOutage}: the patience is measured in time, not attempts, because what
 * an operator can tolerate is an outage of some length, whatever the number of tries in it.
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, Duration maxOutage) {
  /** The default patience per feed: a provider may be down this long without failing a job. */
  public static final Duration DEFAULT_MAX_OUTAGE = Duration.ofMinutes(15);

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxOutage, "maxOutage");
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "delays must satisfy 0 <= baseDelay (" + baseDelay + ") <= maxDelay (" + maxDelay + ")");
    }
    if (maxOutage.isNegative()) {
      throw new IllegalArgumentException("maxOutage " + maxOutage + " must not be negative");
    }
  }

  /** 0.5 s doubling to at most 60 s per wait, for up to 15 minutes of continuous failure. */
  public static RetryPolicy standard() {
    return new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), DEFAULT_MAX_OUTAGE);
  }

  /** The same waits with another patience. */
  public RetryPolicy withMaxOutage(Duration outage) {
    return new RetryPolicy(baseDelay, maxDelay, outage);
  }

  /** The wait after the {@code failures}-th failure in a row (1-based). */
  public Duration delayAfter(int failures, RandomGenerator random) {
    long base = baseDelay.toMillis();
    long step = Math.min(maxDelay.toMillis(), base << Math.min(Math.max(failures, 1) - 1, 30));
    long half = step / 2;
    return Duration.ofMillis(half + (step - half == 0 ? 0 : random.nextLong(step - half + 1)));
  }

  /** Whether a request failing since {@code outage} ago may still be tried after {@code wait}. */
  public boolean allowsRetry(Duration outage, Duration wait) {
    return outage.plus(wait).compareTo(maxOutage) <= 0;
  }
}
