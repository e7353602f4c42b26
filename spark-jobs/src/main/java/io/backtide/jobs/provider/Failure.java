package io.backtide.jobs.provider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Why one attempt at a request failed.
 *
 * @param status the HTTP status when there was an answer
 * @param reason short, for the retrying status ({@code HTTP 503}, {@code timed out after 30 s})
 * @param detail the reason with the body excerpt or the exception's message, for the final error
 * @param retryAfter the wait the provider asked for, when it did
 */
record Failure(
    Integer status,
    String reason,
    String detail,
    boolean retryable,
    Optional<Duration> retryAfter,
    Throwable cause) {
  /** Used for a 429 or 418 without a usable {@code Retry-After}: Binance bans the impatient. */
  static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

  /** A non-200 answer: 5xx, 408, 429 and 418 are transient, any other status is permanent. */
  static Failure status(int status, HttpHeaders headers, byte[] body, Instant now) {
    boolean limited = status == 429 || status == 418;
    Optional<Duration> after = headers.firstValue("Retry-After").flatMap(h -> retryAfter(h, now));
    if (limited && after.isEmpty()) {
      after = Optional.of(DEFAULT_RATE_LIMIT_WAIT);
    }
    boolean retryable = limited || status == 408 || status >= 500;
    String excerpt = ProviderErrors.excerpt(body);
    return new Failure(
        status,
        "HTTP " + status,
        "HTTP " + status + ", body: " + (excerpt.isEmpty() ? "(empty)" : excerpt),
        retryable,
        after,
        null);
  }

  /** A 200 whose body the reader refused. */
  static Failure malformed(MalformedBodyException e, byte[] body) {
    return new Failure(
        200,
        "HTTP 200 with a malformed body",
        e.getMessage() + " (HTTP 200), body: " + ProviderErrors.excerpt(body),
        true,
        Optional.empty(),
        e);
  }

  /** No complete answer (headers and body) within the deadline. */
  static Failure deadline(Duration deadline) {
    String reason = "no complete answer within " + ProviderErrors.seconds(deadline);
    return new Failure(null, reason, reason, true, Optional.empty(), null);
  }

  /** The exchange failed below HTTP: refused, reset, timed out (HTTP's own request timeout). */
  static Failure io(IOException e, Duration deadline) {
    if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
      return deadline(deadline);
    }
    String reason =
        e instanceof HttpConnectTimeoutException
            ? "connect timed out"
            : e instanceof ConnectException ? "connection refused" : "connection failed";
    String message = ProviderErrors.oneLine(e.getMessage());
    String detail =
        reason + " (" + e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    return new Failure(null, reason, detail + ")", true, Optional.empty(), e);
  }

  /** {@code Retry-After} as seconds or as an HTTP date. */
  static Optional<Duration> retryAfter(String header, Instant now) {
    String value = header.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
