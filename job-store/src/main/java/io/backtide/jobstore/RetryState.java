package io.backtide.jobstore;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The failed request a job is waiting to retry.
 *
 * @param reason what failed last, short ({@code HTTP 503}, {@code connection refused})
 * @param since when the run of failures began
 * @param nextTry when the request is tried again
 */
public record RetryState(String reason, Instant since, Instant nextTry) {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  public RetryState {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(nextTry, "nextTry");
  }

  /** {@code retrying: HTTP 503 since 12:03:10, next try in 20 s} (UTC), as seen at {@code now}. */
  public String describe(Instant now) {
    long seconds = Math.max(0, (Duration.between(now, nextTry).toMillis() + 999) / 1000);
    return "retrying: "
        + reason
        + " since "
        + CLOCK.format(since)
        + ", next try in "
        + seconds
        + " s";
  }
}
