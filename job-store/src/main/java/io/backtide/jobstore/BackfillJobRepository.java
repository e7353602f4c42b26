package io.backtide.jobstore;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Plain-JDBC access to {@code backfill_jobs}. Every method is one statement, so it is atomic on its
 * own; the schema enforces the status set and "one active job" even for concurrent callers.
 */
public final class BackfillJobRepository {
  private static final String SELECT = "SELECT " + JobRows.COLUMNS + " FROM backfill_jobs ";

  private final DataSource dataSource;
  private final JobRows rows;
  private final Clock clock;

  public BackfillJobRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.rows = new JobRows(dataSource);
    this.clock = clock;
  }

  /**
   * Inserts a pending job with the cursor at the start and counters at zero.
   *
   * @throws JobConflictException when another job is pending or running (it names that job)
   */
  public BackfillJob create(FeedKey feed, TimeRange range) {
    return create(feed, range, false);
  }

  /**
   * Inserts a pending job; with {@code refresh} it fetches every day, else only those the store
   * does not hold complete.
   *
   * @throws JobConflictException when another job is pending or running (it names that job)
   */
  public BackfillJob create(FeedKey feed, TimeRange range, boolean refresh) {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection()) {
      insertPending(c, id, feed, range, refresh);
    } catch (SQLException e) {
      throw JobStoreErrors.conflictOr(e, "create a job for " + feed, this::findActive);
    }
    return findById(id).orElseThrow();
  }

  /** Inserts a pending job on {@code c} (a bulk job's row is inserted with its feeds). */
  void insertPending(Connection c, UUID id, FeedKey feed, TimeRange range, boolean refresh)
      throws SQLException {
    Timestamp now = Timestamp.from(clock.instant());
    String sql =
        """
        INSERT INTO backfill_jobs (id, source, subject, kind, granularity, start_ts, end_ts,
            cursor_ts, status, created_at, updated_at, refresh)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
        """;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      ps.setString(2, feed.source());
      ps.setString(3, feed.subject());
      ps.setString(4, feed.kind().code());
      ps.setString(5, feed.granularity().code());
      ps.setTimestamp(6, Timestamp.from(range.start()));
      ps.setTimestamp(7, Timestamp.from(range.end()));
      ps.setTimestamp(8, Timestamp.from(range.start()));
      ps.setTimestamp(9, now);
      ps.setTimestamp(10, now);
      ps.setBoolean(11, refresh);
      ps.executeUpdate();
    }
  }

  /**
   * Puts a failed or cancelled job back to pending as a new attempt, keeping its cursor and
   * counters: it continues where it stopped.
   *
   * @throws JobStateException when the job does not exist, or is active or completed
   * @throws JobConflictException when another job is pending or running
   */
  public BackfillJob resume(UUID id) {
    BackfillJob job = findById(id).orElseThrow(() -> JobStateException.notFound(id));
    if (job.status() != JobStatus.FAILED && job.status() != JobStatus.CANCELLED) {
      throw JobStateException.notResumable(job);
    }
    Instant now = clock.instant();
    String sql =
        """
        UPDATE backfill_jobs
           SET status = 'pending', attempt = attempt + 1, error = NULL, cancel_requested = false,
               heartbeat_at = ?, updated_at = ?,
               phase = NULL, retry_reason = NULL, retry_since = NULL, retry_next_at = NULL
         WHERE id = ? AND status IN ('failed', 'cancelled')
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      JobRows.bind(ps, now, now, id);
      if (ps.executeUpdate() == 0) {
        throw JobStateException.notResumable(findById(id).orElse(job));
      }
    } catch (SQLException e) {
      throw JobStoreErrors.conflictOr(e, "resume job " + id, this::findActive);
    }
    return findById(id).orElseThrow();
  }

  /** The activity of the jobs in the same database. */
  public JobActivityRepository activity() {
    return new JobActivityRepository(dataSource, clock);
  }

  /** The day confirmations in the same database. */
  public FeedDayRepository feedDays() {
    return new FeedDayRepository(dataSource, clock);
  }

  public Optional<BackfillJob> findById(UUID id) {
    return rows.find(id);
  }

  /** Jobs newest first, at most {@code limit}. */
  public List<BackfillJob> list(int limit) {
    return rows.query(SELECT + "ORDER BY created_at DESC, id LIMIT ?", limit);
  }

  /** Jobs with {@code status}, newest first, at most {@code limit}. */
  public List<BackfillJob> list(JobStatus status, int limit) {
    return rows.query(
        SELECT + "WHERE status = ? ORDER BY created_at DESC, id LIMIT ?", status.code(), limit);
  }

  /** The pending or running job, if any (there is at most one). */
  public Optional<BackfillJob> findActive() {
    return rows.query(SELECT + "WHERE status IN ('pending', 'running')").stream().findFirst();
  }

  /** Active jobs whose last sign of life is older than {@code maxAge}. */
  public List<BackfillJob> findStale(Duration maxAge) {
    Timestamp cutoff = Timestamp.from(clock.instant().minus(maxAge));
    return rows.query(
        SELECT
            + """
            WHERE status IN ('pending', 'running') AND coalesce(heartbeat_at, updated_at) < ?
            ORDER BY created_at
            """,
        cutoff);
  }

  /**
   * pending -> running, with a fresh heartbeat, phase {@code starting}, and the fetched progress
   * back at the committed one (what an earlier attempt fetched but did not commit is gone). Returns
   * false when the job was not active.
   */
  public boolean markRunning(UUID id) {
    Timestamp now = Timestamp.from(clock.instant());
    return rows.update(
            """
            UPDATE backfill_jobs
               SET status = 'running', heartbeat_at = ?, updated_at = ?, phase = 'starting',
                   fetched_pages = pages_fetched, fetched_rows = records_written,
                   fetched_until = cursor_ts,
                   retry_reason = NULL, retry_since = NULL, retry_next_at = NULL
             WHERE id = ? AND status IN ('pending', 'running')
            """,
            now,
            now,
            id)
        == 1;
  }

  /**
   * Records committed progress in one statement: cursor, counters and heartbeat. Only an active job
   * moves; returns false otherwise.
   */
  public boolean updateProgress(UUID id, Instant cursor, long recordsWritten, long pagesFetched) {
    Timestamp now = Timestamp.from(clock.instant());
    return rows.update(
            """
            UPDATE backfill_jobs
               SET cursor_ts = ?, records_written = ?, pages_fetched = ?, heartbeat_at = ?,
                   updated_at = ?
             WHERE id = ? AND status IN ('pending', 'running')
            """,
            Timestamp.from(cursor),
            recordsWritten,
            pagesFetched,
            now,
            now,
            id)
        == 1;
  }

  /** Refreshes the heartbeat of an active job (while pages are fetched between commits). */
  public boolean heartbeat(UUID id) {
    Timestamp now = Timestamp.from(clock.instant());
    return rows.update(
            """
            UPDATE backfill_jobs SET heartbeat_at = ?
             WHERE id = ? AND status IN ('pending', 'running')
            """,
            now,
            id)
        == 1;
  }

  /** running -> completed, with the cursor at the end. */
  public boolean complete(UUID id) {
    return finish(id, JobStatus.COMPLETED, null, true);
  }

  /** Active -> failed, with the error text. */
  public boolean fail(UUID id, String error) {
    return finish(id, JobStatus.FAILED, error, false);
  }

  /** Active -> cancelled. */
  public boolean cancel(UUID id) {
    return finish(id, JobStatus.CANCELLED, null, false);
  }

  /**
   * Asks an active job to stop after its current page. A pending job that no process has picked up
   * is cancelled at once. Returns the job as it is now.
   *
   * @throws JobStateException when the job does not exist or is not active
   */
  public BackfillJob requestCancel(UUID id) {
    BackfillJob job = findById(id).orElseThrow(() -> JobStateException.notFound(id));
    if (!job.status().isActive()) {
      throw JobStateException.notActive(job);
    }
    Timestamp now = Timestamp.from(clock.instant());
    rows.update(
        """
        UPDATE backfill_jobs SET cancel_requested = true, updated_at = ?
         WHERE id = ? AND status IN ('pending', 'running')
        """,
        now,
        id);
    return findById(id).orElseThrow();
  }

  /** True when someone asked the job to stop, or it is no longer active. */
  public boolean shouldStop(UUID id) {
    return findById(id).map(j -> j.cancelRequested() || !j.status().isActive()).orElse(true);
  }

  /**
   * Puts a stale active job back to pending for another attempt, keeping its cursor. Returns false
   * when it is no longer active.
   */
  public boolean retry(UUID id) {
    Timestamp now = Timestamp.from(clock.instant());
    return rows.update(
            """
            UPDATE backfill_jobs
               SET status = 'pending', attempt = attempt + 1, heartbeat_at = ?, updated_at = ?,
                   phase = NULL, retry_reason = NULL, retry_since = NULL, retry_next_at = NULL
             WHERE id = ? AND status IN ('pending', 'running')
            """,
            now,
            now,
            id)
        == 1;
  }

  private boolean finish(UUID id, JobStatus status, String error, boolean cursorToEnd) {
    Timestamp now = Timestamp.from(clock.instant());
    return rows.update(
            """
            UPDATE backfill_jobs
               SET status = ?, error = ?, cursor_ts = CASE WHEN ? THEN end_ts ELSE cursor_ts END,
                   heartbeat_at = ?, updated_at = ?,
                   phase = NULL, retry_reason = NULL, retry_since = NULL, retry_next_at = NULL
             WHERE id = ? AND status IN ('pending', 'running')
            """,
            status.code(),
            error,
            cursorToEnd,
            now,
            now,
            id)
        == 1;
  }
}
