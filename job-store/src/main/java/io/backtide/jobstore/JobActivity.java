package io.backtide.jobstore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a job is doing beside its committed progress: its phase, what it has fetched (ahead of the
 * cursor while a batch waits for its commit), the retry it waits on, and the days it skipped
 * because the store already held them complete.
 *
 * @param fetchedUntil the point up to which pages have been fetched (empty before the first one)
 */
public record JobActivity(
    Optional<JobPhase> phase,
    long fetchedPages,
    long fetchedRows,
    Optional<Instant> fetchedUntil,
    Optional<RetryState> retry,
    int daysSkipped) {

  /** A job that has not started. */
  public static final JobActivity NONE =
      new JobActivity(Optional.empty(), 0, 0, Optional.empty(), Optional.empty(), 0);

  public JobActivity {
    Objects.requireNonNull(phase, "phase");
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
