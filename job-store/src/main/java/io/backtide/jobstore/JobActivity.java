package io.backtide.jobstore;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a job is doing beside its committed progress: its phase, what it has fetched (ahead of the
 * cursor while a batch waits for its commit), the retry it waits on, and the days it skipped
 * because the store already held them complete, and its notes.
 *
 * @param fetchedUntil the point up to which pages have been fetched (empty before the first one)
 * @param notes what the operator should know of how the job got its data (fallbacks, candles left
 *     unconfirmed), oldest first, at most {@link #MAX_NOTES}
 */
public record JobActivity(
    Optional<JobPhase> phase,
    long fetchedPages,
    long fetchedRows,
    Optional<Instant> fetchedUntil,
    Optional<RetryState> retry,
    int daysSkipped,
    List<String> notes) {

  /** The most notes a job keeps (its log has every warning). */
  public static final int MAX_NOTES = 20;

  /** The last note of a job that had more than {@link #MAX_NOTES} to say. */
  public static final String MORE_NOTES = "more notes than fit here: see the job log";

  /** The longest note kept, in characters; a longer one is cut. */
  public static final int MAX_NOTE_CHARS = 1000;

  /** A job that has not started. */
  public static final JobActivity NONE =
      new JobActivity(Optional.empty(), 0, 0, Optional.empty(), Optional.empty(), 0, List.of());

  public JobActivity {
    Objects.requireNonNull(phase, "phase");
    notes = List.copyOf(notes);
    Objects.requireNonNull(fetchedUntil, "fetchedUntil");
    Objects.requireNonNull(retry, "retry");
    if (fetchedPages < 0 || fetchedRows < 0 || daysSkipped < 0) {
      throw new IllegalArgumentException(
          "counters must not be negative: pages "
              + fetchedPages
              + ", rows "
              + fetchedRows
              + ", days skipped "
              + daysSkipped);
    }
  }
}
