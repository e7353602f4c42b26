package io.backtide.control.testing;

import io.backtide.control.backfill.ConfiguredFeed;
import io.backtide.control.backfill.JobLauncher;
import io.backtide.control.backfill.ProcessState;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BulkJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A launcher that starts nothing: it records what it was asked to launch and reports the process
 * state a test sets. Jobs stay pending until the test moves them through the repository, which
 * makes route and page tests fast and deterministic.
 */
public final class RecordingLauncher implements JobLauncher {
  private final List<BackfillJob> launched = new CopyOnWriteArrayList<>();
  private final Map<UUID, ProcessState> states = new ConcurrentHashMap<>();
  private final List<UUID> stopped = new CopyOnWriteArrayList<>();
  private final List<BulkJob> bulkLaunches = new CopyOnWriteArrayList<>();
  private volatile Optional<String> notReady = Optional.empty();

  @Override
  public Optional<String> notReady() {
    return notReady;
  }

  /** Makes the launcher refuse launches with this reason. */
  public void refuse(String reason) {
    notReady = Optional.of(reason);
  }

  @Override
  public void launch(BackfillJob job, ConfiguredFeed feed) {
    launched.add(job);
    states.put(job.id(), ProcessState.RUNNING);
  }

  @Override
  public void launchBulk(BackfillJob job, BulkJob bulk, List<ConfiguredFeed> feeds) {
    launched.add(job);
    bulkLaunches.add(bulk);
    states.put(job.id(), ProcessState.RUNNING);
  }

  /** The bulk part of every bulk launch, in order. */
  public List<BulkJob> bulkLaunched() {
    return List.copyOf(bulkLaunches);
  }

  @Override
  public ProcessState state(UUID jobId) {
    return states.getOrDefault(jobId, ProcessState.NEVER_STARTED);
  }

  /** Sets what {@link #state} answers for a job (e.g. GONE to simulate a crash). */
  public void setState(UUID jobId, ProcessState state) {
    states.put(jobId, state);
  }

  @Override
  public Path logFile(UUID jobId) {
    return Path.of("/nonexistent", jobId + ".log");
  }

  @Override
  public void stop(UUID jobId) {
    stopped.add(jobId);
    states.put(jobId, ProcessState.GONE);
  }

  @Override
  public void onExit(Consumer<UUID> listener) {}

  @Override
  public void close() {}

  /** Every launch, in order (a relaunch appears again with its new attempt number). */
  public List<BackfillJob> launched() {
    return List.copyOf(launched);
  }

  public List<UUID> stopped() {
    return List.copyOf(stopped);
  }
}
