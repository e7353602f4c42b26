package io.backtide.jobs.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A request in a run of failures: what went wrong last ({@code HTTP 503}, {@code timed out after 30
 * s}), since when it has been failing, how many times, and when it is tried next.
 *
 * @param request the request, as {@code GET url} without secrets
 */
public record RetryStatus(
    String request, String reason, Instant since, int failures, Instant nextTry) {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  public RetryStatus {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(nextTry, "nextTry");
  }

  /** {@code HTTP 503 since 12:03:10, next try in 20 s} (UTC), as seen at {@code now}. */
  public String describe(Instant now) {
    long seconds = Math.max(0, (Duration.between(now, nextTry).toMillis() + 999) / 1000);
    return reason + " since " + CLOCK.format(since) + ", next try in " + seconds + " s";
  }
}
