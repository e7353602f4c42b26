package io.backtide.jobs.backfill;

import io.backtide.jobs.provider.RetryListener;
import io.backtide.jobs.provider.RetryStatus;
import io.backtide.jobstore.JobActivityRepository;
import io.backtide.jobstore.JobPhase;
import io.backtide.jobstore.RetryState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows in the job row what the job does between commits: the pages fetched so far (at most once
 * per {@code every}, the first at once, so that the page moves within seconds of the start), and a
 * phase, and the source's notes for the operator. The fetcher and the committer run at the same
 * time, so the phase shown is the most telling of theirs: retrying, else committing, else fetching.
 * A failed write is logged and left for the next one: showing progress must never stop the job.
 */
public final class JobActivityRecorder implements RetryListener {
  private static final Logger LOG = LoggerFactory.getLogger(JobActivityRecorder.class);

  /** How often fetched progress is written at most. */
  static final Duration EVERY = Duration.ofSeconds(1);

  private final JobActivityRepository activity;
  private final UUID id;
  private final Clock clock;
  private final Duration every;
  private boolean committing;
  private RetryStatus retry;
  private JobPhase shown = JobPhase.STARTING;
  private Instant lastFetched = Instant.MIN;
  private final Set<String> noted = new HashSet<>();

  public JobActivityRecorder(JobActivityRepository activity, UUID id, Clock clock, Duration every) {
    this.activity = activity;
    this.id = id;
    this.clock = clock;
    this.every = every;
  }

  /** Pages and rows fetched in all and the point fetched up to; {@code force} skips the pacing. */
  synchronized void fetched(long pages, long rows, Instant until, boolean force) {
    Instant now = clock.instant();
    if (force || Duration.between(lastFetched, now).compareTo(every) >= 0) {
      lastFetched = now;
      write(() -> activity.fetched(id, pages, rows, until));
    }
    show();
  }

  /** The committer starts ({@code true}) or ends a commit. */
  synchronized void committing(boolean now) {
    committing = now;
    show();
  }

  @Override
  public synchronized void retrying(RetryStatus status) {
    retry = status;
    shown = JobPhase.RETRYING;
    write(
        () ->
            activity.retrying(
                id, new RetryState(status.reason(), status.since(), status.nextTry())));
  }

  @Override
  public synchronized void recovered() {
    retry = null;
    show();
  }

  /** Writes to the job row each of the source's {@code notes} not written yet. */
  synchronized void notes(List<String> notes) {
    for (String note : notes) {
      if (!noted.contains(note) && write(() -> activity.note(id, note))) {
        noted.add(note);
      }
    }
  }

  private void show() {
    JobPhase phase =
        retry != null ? JobPhase.RETRYING : committing ? JobPhase.COMMITTING : JobPhase.FETCHING;
    if (phase != shown && phase != JobPhase.RETRYING) {
      shown = phase;
      write(() -> activity.phase(id, phase));
    }
  }

  private boolean write(Runnable update) {
    try {
      update.run();
      return true;
    } catch (RuntimeException e) {
      LOG.warn("job {}: could not record its activity, will try again: {}", id, e.getMessage());
      return false;
    }
  }
}
