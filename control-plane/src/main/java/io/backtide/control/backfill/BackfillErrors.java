package io.backtide.control.backfill;

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
          + " \"granularity\": \"1m\", \"start\": \"2026-01-01\", \"end\": \"2026-01-04\"}"
          + " (the end is exclusive: that backfills 2026-01-01 to 2026-01-03;"
          + " optional \"refresh\": true fetches days the store already holds)";

  /** Said with every range error: the half-open range surprises people. */
  static final String END_EXCLUSIVE =
      "the end is exclusive: start 2026-01-01 and end 2026-01-02 backfill the one day 2026-01-01";

  private BackfillErrors() {}

  static BackfillException emptyBody() {
    return invalid("the request body is empty: expected " + BODY_FORM);
  }

  static BackfillException malformedJson(String parserMessage) {
    return invalid("malformed JSON (" + firstLine(parserMessage) + "): expected " + BODY_FORM);
  }

  static BackfillException notAnObject(String type) {
    return invalid("the body is a JSON " + type + ": expected " + BODY_FORM);
  }

  static BackfillException unknownFields(Collection<String> fields) {
    return invalid(
        "unknown field(s) "
            + String.join(", ", fields)
            + ": the accepted fields are "
            + String.join(", ", BackfillRequest.FIELDS));
  }

  static BackfillException missingFields(Collection<String> fields) {
    return invalid("missing field(s) " + String.join(", ", fields) + ": expected " + BODY_FORM);
  }

  static BackfillException notAString(String field, String value) {
    return invalid("field " + field + " is " + value + ": expected a string, e.g. " + BODY_FORM);
  }

  static BackfillException notABoolean(String field, String value) {
    return invalid("field " + field + " is " + value + ": expected true or false");
  }

  static BackfillException badValue(String message) {
    return invalid(message);
  }

  static BackfillException badRange(String message) {
    return invalid(message + "; " + END_EXCLUSIVE);
  }

  static BackfillException notConfigured(FeedKey feed, List<FeedKey> configured) {
    return invalid(
        "feed "
            + feed
            + " is not configured: the configured feeds are "
            + configured.stream().map(FeedKey::toString).collect(Collectors.joining(", "))
            + " (see GET /reports/backfill/feeds; the list lives in FEEDS_FILE)");
  }

  static BackfillException rangeTooLong(Duration range, Duration max) {
    return invalid(
        "the range spans "
            + range.toDays()
            + " days, more than the maximum of "
            + max.toDays()
            + " days (MAX_RANGE): split it into several backfills");
  }

  static BackfillException endInFuture(Instant end, Instant latest) {
    return invalid(
        "end "
            + end
            + " is in the future: the latest accepted end is "
            + latest
            + " ("
            + END_EXCLUSIVE
            + ")");
  }

  static BackfillException feedGone(FeedKey feed) {
    return invalid(
        "job's feed "
            + feed
            + " is no longer configured (see GET /reports/backfill/feeds; FEEDS_FILE): it cannot be"
            + " resumed");
  }

  static final String BULK_BODY_FORM =
      "a JSON object {\"feeds\": [\"binance/BTCUSDT/candle/1m\", \"binance/ETHUSDT/candle/1m\"],"
          + " \"start\": \"2025-01-01\", \"end\": \"2026-01-01\"} (the end is exclusive;"
          + " optional \"chunk_days\": 1.."
          + BulkRequest.MAX_CHUNK_DAYS
          + ", default "
          + BulkRequest.DEFAULT_CHUNK_DAYS
          + "; \"wave_chunks\": chunks per commit, 1.."
          + BulkRequest.MAX_WAVE_CHUNKS
          + ", default "
          + BulkRequest.DEFAULT_WAVE_CHUNKS
          + ")";

  static BackfillException bulkNotAnObject(String type) {
    return invalid("the body is a JSON " + type + ": expected " + BULK_BODY_FORM);
  }

  static BackfillException unknownBulkFields(Collection<String> fields) {
    return invalid(
        "unknown field(s) "
            + String.join(", ", fields)
            + ": the accepted fields are "
            + String.join(", ", BulkRequest.FIELDS));
  }

  static BackfillException missingBulkFields(Collection<String> fields) {
    return invalid(
        "missing field(s) " + String.join(", ", fields) + ": expected " + BULK_BODY_FORM);
  }

  static BackfillException badFeedList(String value) {
    return invalid(
        "field feeds is "
            + value
            + ": expected a non-empty array of feed keys source/subject/kind/granularity, e.g. "
            + BULK_BODY_FORM);
  }

  static BackfillException feedTwice(FeedKey feed) {
    return invalid("feeds names " + feed + " twice: name each feed once");
  }

  static BackfillException badNumber(String field, String value, int max) {
    return invalid("field " + field + " is " + value + ": expected an integer in 1.." + max);
  }

  static BackfillException notBulk(String id) {
    return new BackfillException(
        BackfillException.Reason.UNKNOWN_JOB,
        "no bulk backfill job with id '"
            + id
            + "' (see GET /reports/backfill/bulk for the bulk jobs, GET /reports/backfill/jobs for"
            + " all)");
  }

  static BackfillException badLimit(String text) {
    return invalid("limit '" + text + "' is not an integer in 1.." + BackfillService.MAX_LIMIT);
  }

  static BackfillException unknownJob(String id) {
    return new BackfillException(
        BackfillException.Reason.UNKNOWN_JOB,
        "no backfill job with id '" + id + "' (see GET /reports/backfill/jobs for the jobs)");
  }

  /** Single-feed jobs commit days as local files: the table must be under the data folder. */
  static BackfillException singleJobWithTableUri(String tableUri, FeedKey feed) {
    return invalid(
        "TABLE_URI is set ("
            + io.backtide.control.Redact.secrets(tableUri)
            + "): only bulk backfills write the table there; single-feed backfills keep it under"
            + " the data folder. Post the same range to /reports/backfill/bulk with feeds [\""
            + feed
            + "\"], or unset TABLE_URI");
  }

  static BackfillException launcherNotReady(String reason) {
    return new BackfillException(BackfillException.Reason.CANNOT_LAUNCH, reason);
  }

  private static BackfillException invalid(String message) {
    return new BackfillException(BackfillException.Reason.INVALID_REQUEST, message);
  }

  private static String firstLine(String text) {
    String t = String.valueOf(text);
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
