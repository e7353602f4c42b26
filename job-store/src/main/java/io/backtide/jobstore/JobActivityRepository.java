package io.backtide.jobstore;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What a running job records beside its committed progress (see {@link
 * BackfillJobRepository#updateProgress}): its phase, the pages it has fetched, the retry it waits
 * on, the days it skipped, its notes. Each method is one statement, moves only an active job and
 * returns false otherwise; each also refreshes the heartbeat, since it proves the job alive.
 */
public final class JobActivityRepository {
  private final JobRows rows;
  private final Clock clock;

  public JobActivityRepository(DataSource dataSource, Clock clock) {
    this.rows = new JobRows(dataSource);
    this.clock = clock;
  }

  /** Enters {@code phase}; any other phase than {@code retrying} ends the retry shown. */
  public boolean phase(UUID id, JobPhase phase) {
    if (phase == JobPhase.RETRYING) {
      throw new IllegalArgumentException("use retrying(id, state) to enter the retrying phase");
    }
    Instant now = clock.instant();
    return rows.update(
            """
            UPDATE backfill_jobs
               SET phase = ?, retry_reason = NULL, retry_since = NULL, retry_next_at = NULL,
                   heartbeat_at = ?, updated_at = ?
             WHERE id = ? AND status IN ('pending', 'running')
            """,
            phase.code(),
            now,
            now,
            id)
        == 1;
  }

  /** Records the fetched progress: pages and rows in all, and the point fetched up to. */
  public boolean fetched(UUID id, long pages, long rowsFetched, Instant until) {
    Instant now = clock.instant();
    return rows.update(
            """
            UPDATE backfill_jobs
               SET fetched_pages = ?, fetched_rows = ?, fetched_until = ?, heartbeat_at = ?,
                   updated_at = ?
             WHERE id = ? AND status IN ('pending', 'running')
            """,
            pages,
            rowsFetched,
            until,
            now,
            now,
            id)
        == 1;
  }

  /** Enters the {@code retrying} phase, showing what failed, since when, and the next try. */
  public boolean retrying(UUID id, RetryState retry) {
    Instant now = clock.instant();
    return rows.update(
            """
            UPDATE backfill_jobs
               SET phase = 'retrying', retry_reason = ?, retry_since = ?, retry_next_at = ?,
                   heartbeat_at = ?, updated_at = ?
             WHERE id = ? AND status IN ('pending', 'running')
            """,
            retry.reason(),
            retry.since(),
            retry.nextTry(),
            now,
            now,
            id)
        == 1;
  }

  /**
   * Counts {@code days} more days skipped (held complete already) and moves the cursor, and the
   * fetched point, to {@code cursor} when that is further: every candle before it is held.
   */
  public boolean skipped(UUID id, int days, Instant cursor) {
    if (days < 0) {
      throw new IllegalArgumentException("days skipped " + days + " must not be negative");
    }
    Instant now = clock.instant();
    return rows.update(
            """
            UPDATE backfill_jobs
               SET days_skipped = days_skipped + ?, cursor_ts = GREATEST(cursor_ts, ?),
                   fetched_until = GREATEST(fetched_until, ?), heartbeat_at = ?, updated_at = ?
             WHERE id = ? AND status IN ('pending', 'running')
            """,
            days,
            cursor,
            cursor,
            now,
            now,
            id)
        == 1;
  }

  /**
   * Adds {@code note} to the job's notes, cut to {@value JobActivity#MAX_NOTE_CHARS} characters,
   * unless the job has it already. The last of the {@value JobActivity#MAX_NOTES} places says
   * {@link JobActivity#MORE_NOTES} instead, so that a job with more never looks as if it had said
   * all. False when nothing was added (also when the job is not active).
   */
  public boolean note(UUID id, String note) {
    String text =
        note.length() <= JobActivity.MAX_NOTE_CHARS
            ? note
            : note.substring(0, JobActivity.MAX_NOTE_CHARS - 1) + "\u2026";
    Instant now = clock.instant();
    return rows.update(
            """
            UPDATE backfill_jobs
               SET notes = array_append(notes, CASE WHEN cardinality(notes) < ? THEN ? ELSE ? END),
                   heartbeat_at = ?, updated_at = ?
             WHERE id = ? AND status IN ('pending', 'running')
               AND NOT (? = ANY (notes)) AND cardinality(notes) < ?
            """,
            JobActivity.MAX_NOTES - 1,
            text,
            JobActivity.MORE_NOTES,
            now,
            now,
            id,
            text,
            JobActivity.MAX_NOTES)
        == 1;
  }
}
