package io.backtide.jobstore;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A backfill job as stored in {@code backfill_jobs}. {@code cursor} is the resume point: every
 * candle before it is committed and published.
 */
public record BackfillJob(
    UUID id,
    FeedKey feed,
    TimeRange range,
    Instant cursor,
    long recordsWritten,
    long pagesFetched,
    JobStatus status,
    Optional<String> error,
    boolean cancelRequested,
    int attempt,
    Optional<Instant> heartbeatAt,
    Instant createdAt,
    Instant updatedAt) {

  public BackfillJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Share of the range before the cursor, in percent, clamped to [0, 100]; 100 once completed. */
  public double progressPct() {
    if (status == JobStatus.COMPLETED) {
      return 100.0;
    }
    long total = range.duration().toMillis();
    long done = Duration.between(range.start(), cursor).toMillis();
    double pct = 100.0 * done / total;
    return Math.max(0.0, Math.min(100.0, pct));
  }

  /** The last sign of life: the heartbeat, or the last update for a job that never beat. */
  public Instant lastSeen() {
    return heartbeatAt.orElse(updatedAt);
  }
}
