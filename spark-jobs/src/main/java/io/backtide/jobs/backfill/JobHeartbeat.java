package io.backtide.jobs.backfill;

import io.backtide.jobstore.BackfillJobRepository;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes a job's heartbeat on a daemon thread for as long as the job runs, so that a long Delta
 * commit or a provider's {@code Retry-After} wait never looks like a dead process to the control
 * plane's recovery. It also looks every {@link #STOP_CHECK} for a cancel request and passes it on
 * at once, so that a cancel takes effect within seconds even while a request is in flight.
 */
public final class JobHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobHeartbeat.class);
  static final Duration STOP_CHECK = Duration.ofSeconds(1);

  private final ScheduledExecutorService timer;

  private JobHeartbeat(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Beats every {@code every} until closed; a failed beat is logged and retried next time. */
  public static JobHeartbeat start(BackfillJobRepository jobs, UUID id, Duration every) {
    return start(jobs, id, every, () -> {});
  }

  /** Beats, and runs {@code onStop} once when the job is asked to stop. */
  static JobHeartbeat start(BackfillJobRepository jobs, UUID id, Duration every, Runnable onStop) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heartbeat-" + id);
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(1, every.toMillis());
    timer.scheduleAtFixedRate(() -> beat(jobs, id), ms, ms, TimeUnit.MILLISECONDS);
    AtomicBoolean stopped = new AtomicBoolean();
    long check = STOP_CHECK.toMillis();
    timer.scheduleWithFixedDelay(
        () -> watch(jobs, id, stopped, onStop), check, check, TimeUnit.MILLISECONDS);
    return new JobHeartbeat(timer);
  }

  private static void watch(
      BackfillJobRepository jobs, UUID id, AtomicBoolean stopped, Runnable onStop) {
    try {
      if (!stopped.get() && jobs.shouldStop(id) && stopped.compareAndSet(false, true)) {
        LOG.info("job {}: asked to stop", id);
        onStop.run();
      }
    } catch (RuntimeException e) {
      LOG.warn("job {}: could not check for a cancel request, will retry: {}", id, e.getMessage());
    }
  }

  private static void beat(BackfillJobRepository jobs, UUID id) {
    try {
      jobs.heartbeat(id);
    } catch (RuntimeException e) {
      LOG.warn("job {}: heartbeat failed, will retry: {}", id, e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
