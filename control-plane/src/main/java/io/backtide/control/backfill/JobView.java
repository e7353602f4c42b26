package io.backtide.control.backfill;

import io.backtide.jobstore.BackfillJob;
import java.time.Instant;
import java.util.UUID;

/** A job as the API shows it (snake_case on the wire), with {@code progress_pct}. */
public record JobView(
    UUID id,
    String feed,
    String source,
    String subject,
    String kind,
    String granularity,
    Instant startTs,
    Instant endTs,
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
    boolean cancelRequested) {

  public static JobView of(BackfillJob job) {
    return new JobView(
        job.id(),
        job.feed().toString(),
        job.feed().source(),
        job.feed().subject(),
        job.feed().kind().code(),
        job.feed().granularity().code(),
        job.range().start(),
        job.range().end(),
        job.cursor(),
        job.recordsWritten(),
        job.pagesFetched(),
        job.status().code(),
        job.error().orElse(null),
        job.attempt(),
        job.heartbeatAt().orElse(null),
        job.createdAt(),
        job.updatedAt(),
        Math.round(job.progressPct() * 100.0) / 100.0,
        job.cancelRequested());
  }
}
