package io.backtide.jobs.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a transient failure is retried: exponential backoff from {@code
 * baseDelay}, capped at {@code maxDelay}, with "full jitter" (a random delay between half and all
 * of the step) so that parallel clients do not retry in lockstep.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts " + maxAttempts + " must be at least 1");
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "delays must satisfy 0 <= baseDelay (" + baseDelay + ") <= maxDelay (" + maxDelay + ")");
    }
  }

  /** Six attempts, 0.5 s doubling to at most 30 s: about a minute of patience. */
  public static RetryPolicy standard() {
    return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /** Whether another attempt follows attempt number {@code attempt} (1-based). */
  public boolean allowsAnother(int attempt) {
    return attempt < maxAttempts;
  }

  /** The wait before the attempt after {@code attempt} (1-based). */
  public Duration delayAfter(int attempt, RandomGenerator random) {
    long base = baseDelay.toMillis();
    long step = Math.min(maxDelay.toMillis(), base << Math.min(attempt - 1, 20));
    long half = step / 2;
    return Duration.ofMillis(half + (step - half == 0 ? 0 : random.nextLong(step - half + 1)));
  }
}
