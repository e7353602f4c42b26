package io.backtide.control.backfill;

import io.backtide.control.ApiException;
import io.backtide.core.FeedKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Every error of the backfill routes, with a message that says what is accepted. */
final class BackfillErrors {
  static final String BODY_FORM =
      "a JSON object {\"source\": \"binance\", \"subject\": \"BTCUSDT\", \"kind\": \"candle\","
          + " \"granularity\": \"1m\", \"start\": \"2026-01-01\", \"end\": \"2026-01-04\"}";

  private BackfillErrors() {}

  static ApiException emptyBody() {
    return ApiException.badRequest("the request body is empty: expected " + BODY_FORM);
  }

  static ApiException malformedJson(String parserMessage) {
    return ApiException.badRequest(
        "malformed JSON (" + firstLine(parserMessage) + "): expected " + BODY_FORM);
  }

  static ApiException notAnObject(String type) {
    return ApiException.badRequest("the body is a JSON " + type + ": expected " + BODY_FORM);
  }

  static ApiException unknownFields(Collection<String> fields) {
    return ApiException.badRequest(
        "unknown field(s) "
            + String.join(", ", fields)
            + ": the accepted fields are "
            + String.join(", ", BackfillRequest.FIELDS));
  }

  static ApiException missingFields(Collection<String> fields) {
    return ApiException.badRequest(
        "missing field(s) " + String.join(", ", fields) + ": expected " + BODY_FORM);
  }

  static ApiException notAString(String field, String value) {
    return ApiException.badRequest(
        "field " + field + " is " + value + ": expected a string, e.g. " + BODY_FORM);
  }

  static ApiException badValue(String message) {
    return ApiException.badRequest(message);
  }

  static ApiException notConfigured(FeedKey feed, List<FeedKey> configured) {
    return ApiException.badRequest(
        "feed "
            + feed
            + " is not configured: the configured feeds are "
            + configured.stream().map(FeedKey::toString).collect(Collectors.joining(", "))
            + " (see GET /reports/backfill/feeds; the list lives in FEEDS_FILE)");
  }

  static ApiException rangeTooLong(Duration range, Duration max) {
    return ApiException.badRequest(
        "the range spans "
            + range.toDays()
            + " days, more than the maximum of "
            + max.toDays()
            + " days (MAX_RANGE): split it into several backfills");
  }

  static ApiException endInFuture(Instant end, Instant latest) {
    return ApiException.badRequest(
        "end " + end + " is in the future: the latest accepted end is " + latest);
  }

  static ApiException badLimit(String text) {
    return ApiException.badRequest(
        "limit '" + text + "' is not an integer in 1.." + BackfillService.MAX_LIMIT);
  }

  static ApiException unknownJob(String id) {
    return ApiException.notFound(
        "no backfill job with id '" + id + "' (see GET /reports/backfill/jobs for the jobs)");
  }

  static ApiException launcherNotReady(String reason) {
    return new ApiException(503, "unavailable", reason);
  }

  private static String firstLine(String text) {
    String t = String.valueOf(text);
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
