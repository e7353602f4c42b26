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
 * candle before it is committed and published (or was already held, for a skipped day). {@code
 * activity} is what the job is doing beside that; {@code refresh} asks for every day to be fetched,
 * even those the store holds complete.
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
    Instant updatedAt,
    JobActivity activity,
    boolean refresh) {

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
    Objects.requireNonNull(activity, "activity");
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

  /**
   * Share of the range fetched, in percent: at least the committed share, more while fetched pages
   * wait for their commit; 100 once completed.
   */
  public double fetchedPct() {
    double committed = progressPct();
    if (activity.fetchedUntil().isEmpty() || status == JobStatus.COMPLETED) {
      return committed;
    }
    long total = range.duration().toMillis();
    long done = Duration.between(range.start(), activity.fetchedUntil().get()).toMillis();
    return Math.max(committed, Math.max(0.0, Math.min(100.0, 100.0 * done / total)));
  }

  /** The last sign of life: the heartbeat, or the last update for a job that never beat. */
  public Instant lastSeen() {
    return heartbeatAt.orElse(updatedAt);
  }
}
