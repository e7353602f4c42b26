package io.backtide.jobs.backfill;

import io.backtide.jobstore.JobStoreException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what must not be lost (a commit's progress, the final status) through a database that may
 * be briefly away: the embedded PostgreSQL restarts with a restarted control plane (on the same
 * port), and the job keeps its committed work by waiting for it rather than exiting.
 */
final class StoreRetry {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRetry.class);
  static final Duration PATIENCE = Duration.ofMinutes(5);
  private static final Duration WAIT = Duration.ofSeconds(2);

  private final Duration patience;

  StoreRetry(Duration patience) {
    this.patience = patience;
  }

  /** Runs {@code write} until it answers, for up to the patience; its answer is returned. */
  boolean write(String what, BooleanSupplier write) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return write.getAsBoolean();
      } catch (JobStoreException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw e;
        }
        LOG.warn("could not {} ({}); trying again in {} s", what, e.getMessage(), WAIT.toSeconds());
        sleep();
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackfillErrors.interrupted();
    }
  }
}
