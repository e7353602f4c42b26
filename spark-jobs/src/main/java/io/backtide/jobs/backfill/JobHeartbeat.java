package io.backtide.jobs.backfill;

import io.backtide.jobstore.BackfillJobRepository;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes a job's heartbeat on a daemon thread for as long as the job runs, so that a long Delta
 * commit or a provider's {@code Retry-After} wait never looks like a dead process to the control
 * plane's recovery.
 */
final class JobHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobHeartbeat.class);

  private final ScheduledExecutorService timer;

  private JobHeartbeat(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Beats every {@code every} until closed; a failed beat is logged and retried next time. */
  static JobHeartbeat start(BackfillJobRepository jobs, UUID id, Duration every) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heartbeat-" + id);
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(1, every.toMillis());
    timer.scheduleAtFixedRate(() -> beat(jobs, id), ms, ms, TimeUnit.MILLISECONDS);
    return new JobHeartbeat(timer);
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
