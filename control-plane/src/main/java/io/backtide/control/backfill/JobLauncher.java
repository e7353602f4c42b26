package io.backtide.control.backfill;

import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BulkJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Starts the Spark backfill job for a job row and watches its process. The job itself reads its
 * cursor from the row and reports progress and its final status there; the launcher only owns the
 * process.
 */
public interface JobLauncher extends AutoCloseable {

  /** Why no job can be launched right now (e.g. the Spark job is not built); empty when ready. */
  Optional<String> notReady();

  /**
   * Where bulk jobs keep the Delta table when it is not under the data folder ({@code TABLE_URI});
   * single-feed jobs cannot write there.
   */
  default Optional<String> tableUri() {
    return Optional.empty();
  }

  /** Starts the job and returns at once; the process runs on. */
  void launch(BackfillJob job, ConfiguredFeed feed);

  /** Starts a bulk job (its feeds as configured, in the bulk row's order) and returns at once. */
  void launchBulk(BackfillJob job, BulkJob bulk, List<ConfiguredFeed> feeds);

  /** Whether a process for the job runs, ran and is gone, or was never started here. */
  ProcessState state(UUID jobId);

  /** True while a process for the job runs, including one started before a restart. */
  default boolean isRunning(UUID jobId) {
    return state(jobId) == ProcessState.RUNNING;
  }

  /** Where the job's output goes. */
  Path logFile(UUID jobId);

  /** Stops the job's process if one runs (for a job that stopped reporting). */
  void stop(UUID jobId);

  /** Calls {@code listener} with the job id whenever a launched process exits. */
  void onExit(Consumer<UUID> listener);

  /** Stops every process this launcher started. */
  @Override
  void close();
}
