package io.backtide.control.backfill;

import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.JobPhase;
import io.backtide.jobstore.RetryState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A job as the API shows it (snake_case on the wire): committed progress ({@code cursor_ts}, {@code
 * records_written}, {@code progress_pct}) and, ahead of it, fetched progress ({@code fetched_*},
 * {@code fetched_pct}), the phase, the retry it waits on ({@code retry_status}, e.g. {@code
 * retrying: HTTP 503 since 12:03:10, next try in 20 s}), the days it skipped as already held and
 * its {@code notes} (how it got its data, e.g. an archive that refused access so REST served it).
 * {@code end_ts} is exclusive; {@code last_day} is the last UTC day the range touches.
 */
public record JobView(
    UUID id,
    String feed,
    String source,
    String subject,
    String kind,
    String granularity,
    Instant startTs,
    Instant endTs,
    LocalDate lastDay,
    Instant cursorTs,
    long recordsWritten,
    long pagesFetched,
    String status,
    String error,
    int attempt,
    Instant heartbeatAt,
    Instant createdAt,
    Instant updatedAt,
    double progressPct,
    boolean cancelRequested,
    String phase,
    long fetchedPages,
    long fetchedRows,
    Instant fetchedUntil,
    double fetchedPct,
    String retryStatus,
    Instant retrySince,
    Instant retryNextAt,
    int daysSkipped,
    boolean refresh,
    List<String> notes) {

  /** The job as seen at {@code now} (the retry status says how long until the next try). */
  public static JobView of(BackfillJob job, Instant now) {
    RetryState retry = job.activity().retry().orElse(null);
    return new JobView(
        job.id(),
        job.feed().toString(),
        job.feed().source(),
        job.feed().subject(),
        job.feed().kind().code(),
        job.feed().granularity().code(),
        job.range().start(),
        job.range().end(),
        LocalDate.ofInstant(job.range().end().minusNanos(1), ZoneOffset.UTC),
        job.cursor(),
        job.recordsWritten(),
        job.pagesFetched(),
        job.status().code(),
        job.error().orElse(null),
        job.attempt(),
        job.heartbeatAt().orElse(null),
        job.createdAt(),
        job.updatedAt(),
        round(job.progressPct()),
        job.cancelRequested(),
        job.activity().phase().map(JobPhase::code).orElse(null),
        job.activity().fetchedPages(),
        job.activity().fetchedRows(),
        job.activity().fetchedUntil().orElse(null),
        round(job.fetchedPct()),
        retry == null ? null : retry.describe(now),
        retry == null ? null : retry.since(),
        retry == null ? null : retry.nextTry(),
        job.activity().daysSkipped(),
        job.refresh(),
        job.activity().notes());
  }

  private static double round(double pct) {
    return Math.round(pct * 100.0) / 100.0;
  }
}
