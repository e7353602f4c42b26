package io.backtide.jobs.backfill;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark session being created on a background thread: starting Spark takes seconds (class
 * loading, the context, the SQL and Delta machinery), and a job can fetch meanwhile; only what
 * writes to the table waits for it ({@link #get}). Closing it stops the session once it is up, so a
 * job that ends early never leaves one starting behind it.
 */
public final class SparkStart implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SparkStart.class);

  private final CompletableFuture<SparkSession> session;
  private final boolean owned;
  private volatile long tookNanos;

  private SparkStart(CompletableFuture<SparkSession> session, boolean owned) {
    this.session = session;
    this.owned = owned;
  }

  /** Starts creating a session with {@code create} on a thread of its own. */
  public static SparkStart begin(Supplier<SparkSession> create) {
    SparkStart start = new SparkStart(new CompletableFuture<>(), true);
    Thread thread = new Thread(() -> start.create(create), "spark-start");
    thread.setDaemon(true);
    thread.start();
    return start;
  }

  /** A session that is already up (tests, callers that made their own); closing leaves it. */
  public static SparkStart of(SparkSession ready) {
    return new SparkStart(CompletableFuture.completedFuture(ready), false);
  }

  private void create(Supplier<SparkSession> create) {
    long t0 = System.nanoTime();
    try {
      SparkSession created = create.get();
      tookNanos = System.nanoTime() - t0;
      LOG.info(
          "Spark session up in {} ms ({} ms after the JVM started)",
          tookNanos / 1_000_000,
          ManagementFactory.getRuntimeMXBean().getUptime());
      session.complete(created);
    } catch (RuntimeException | Error e) {
      session.completeExceptionally(e);
    }
  }

  /**
   * Waits for the session and makes it this thread's active one. Throws what creating it threw (an
   * {@link Error} wrapped, so that the job records it as its failure).
   */
  public SparkSession get() {
    try {
      SparkSession ready = session.join();
      SparkSession.setActiveSession(ready);
      return ready;
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the Spark session could not start: " + cause, cause);
    }
  }

  /** How long creating the session took; 0 for one that was handed over ready. */
  public long tookNanos() {
    return tookNanos;
  }

  /** Stops the session this created, waiting for it to be up first; a failed start is left. */
  @Override
  public void close() {
    if (!owned) {
      return;
    }
    SparkSession created;
    try {
      created = session.join();
    } catch (CompletionException e) {
      return;
    }
    created.stop();
  }
}
