package io.backtide.control.backfill;

import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure no job stays active without a process doing its work. An active job whose process is
 * gone, or whose heartbeat is older than {@code staleAfter} with no live process (or older than
 * {@link #HUNG_FACTOR} times that with a live, hung one, which is stopped first), is resumed from
 * its cursor with {@code attempt + 1}; at {@code maxAttempts} it is failed with the reason, and a
 * job whose cancel was requested is cancelled instead. Runs at start, periodically and whenever a
 * job process exits; passes never overlap.
 */
public final class JobRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(JobRecovery.class);
  private static final int LOG_TAIL_CHARS = 400;

  /**
   * A job whose process is still alive is stopped and resumed only after this many times {@code
   * staleAfter} without a heartbeat: a Delta commit on a busy machine may be silent for longer than
   * {@code staleAfter}, and killing it would only repeat the work.
   */
  static final int HUNG_FACTOR = 5;

  /** What one pass did with the active job. */
  public enum Outcome {
    NOTHING_ACTIVE,
    HEALTHY,
    RELAUNCHED,
    FAILED,
    CANCELLED
  }

  private final BackfillJobRepository jobs;
  private final JobLauncher launcher;
  private final JobStarts starts;
  private final Clock clock;
  private final Duration staleAfter;
  private final int maxAttempts;

  public JobRecovery(
      BackfillJobRepository jobs,
      FeedCatalog catalog,
      JobLauncher launcher,
      Clock clock,
      Duration staleAfter,
      int maxAttempts) {
    this(
        jobs,
        launcher,
        new JobStarts(launcher, catalog, id -> Optional.empty()),
        clock,
        staleAfter,
        maxAttempts);
  }

  /** A recovery that relaunches bulk jobs as bulk jobs ({@code starts} knows them). */
  public JobRecovery(
      BackfillJobRepository jobs,
      JobLauncher launcher,
      JobStarts starts,
      Clock clock,
      Duration staleAfter,
      int maxAttempts) {
    this.jobs = jobs;
    this.launcher = launcher;
    this.starts = starts;
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.maxAttempts = maxAttempts;
  }

  /** One pass over the active job (there is at most one). */
  public synchronized Outcome runOnce() {
    Optional<BackfillJob> active = jobs.findActive();
    if (active.isEmpty()) {
      return Outcome.NOTHING_ACTIVE;
    }
    BackfillJob job = active.get();
    ProcessState state = launcher.state(job.id());
    Instant now = clock.instant();
    boolean stale = job.lastSeen().isBefore(now.minus(staleAfter));
    boolean hung = job.lastSeen().isBefore(now.minus(staleAfter.multipliedBy(HUNG_FACTOR)));
    if (state == ProcessState.RUNNING ? !hung : !stale && state != ProcessState.GONE) {
      return Outcome.HEALTHY;
    }
    if (state == ProcessState.RUNNING) {
      LOG.warn("job {}: no heartbeat since {}, stopping its process", job.id(), job.lastSeen());
      launcher.stop(job.id());
    }
    // The process may have finished the job just before it went away.
    return jobs.findById(job.id())
        .filter(j -> j.status().isActive())
        .map(this::recover)
        .orElse(Outcome.HEALTHY);
  }

  private Outcome recover(BackfillJob job) {
    if (job.cancelRequested()) {
      jobs.cancel(job.id());
      LOG.info("job {}: cancelled (requested, and its process is gone)", job.id());
      return Outcome.CANCELLED;
    }
    if (job.attempt() >= maxAttempts) {
      String reason = giveUpReason(job);
      jobs.fail(job.id(), reason);
      LOG.error("job {}: {}", job.id(), reason);
      return Outcome.FAILED;
    }
    if (!jobs.retry(job.id())) {
      return Outcome.HEALTHY;
    }
    BackfillJob again = jobs.findById(job.id()).orElseThrow();
    LOG.warn(
        "job {}: resuming {} from {} (attempt {} of {})",
        job.id(),
        job.feed(),
        again.cursor(),
        again.attempt(),
        maxAttempts);
    try {
      starts.start(again, false);
    } catch (RuntimeException e) {
      jobs.fail(job.id(), "could not relaunch the Spark job: " + e.getMessage());
      LOG.error("job {}: relaunch failed", job.id(), e);
      return Outcome.FAILED;
    }
    return Outcome.RELAUNCHED;
  }

  private String giveUpReason(BackfillJob job) {
    return "gave up after "
        + job.attempt()
        + " attempt(s): the Spark job stopped without finishing (last sign of life "
        + job.lastSeen()
        + ", cursor "
        + job.cursor()
        + "); see "
        + launcher.logFile(job.id())
        + tail(launcher.logFile(job.id())).map(t -> "; it ended with: " + t).orElse("");
  }

  private static Optional<String> tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      String text = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
      return Optional.of(
              text.length() > LOG_TAIL_CHARS
                  ? text.substring(text.length() - LOG_TAIL_CHARS)
                  : text)
          .filter(t -> !t.isBlank());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
