package io.backtide.jobs.table;

import io.delta.kernel.Table;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.CheckpointAlreadyExistsException;
import io.delta.kernel.exceptions.KernelException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Checkpoints a job's table off the commit path. The table's own interval keeps Delta from
 * checkpointing inside a commit ({@link CheckpointInterval}); instead, once a commit leaves the
 * table {@code every} versions past its last checkpoint, a background thread checkpoints the
 * version that commit produced while the job goes on committing. At most one runs at a time; a
 * commit made meanwhile is covered by the next one. {@link #finish} waits for a running checkpoint
 * and, when the job's newest version is still {@code every} or more past the last one, checkpoints
 * it before the job ends, so a table never drifts far from a checkpoint (every snapshot load
 * replays the JSON commits since it).
 *
 * <p>A checkpoint is Delta's own format, written by Delta Kernel ({@link #write}: the Parquet file
 * written under a temporary name and renamed, then {@code _last_checkpoint}), so a job killed in
 * the middle leaves at most a hidden temporary file or a checkpoint that {@code _last_checkpoint}
 * does not name yet, both of which readers handle. A failure is logged as a warning and never fails
 * the job: readers replay from the previous checkpoint, and the next checkpoint tries again.
 */
final class TableCheckpoints {
  /** The system property that sets {@code every} for the job's tables (default {@value}). */
  static final String EVERY_PROPERTY = "backtide.table.checkpointEvery";

  static final int DEFAULT_EVERY = 10;
  private static final Logger LOG = LoggerFactory.getLogger(TableCheckpoints.class);
  private static final long UNKNOWN = Long.MIN_VALUE;

  private final SparkSession spark;
  private final String path;
  private final int every;
  private ExecutorService thread;
  private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);
  private long base = UNKNOWN;
  private long newest = -1;
  private volatile Done last;
  private Engine engine;

  /** Which library wrote a checkpoint. */
  enum Writer {
    /** Delta Kernel, without Spark. */
    KERNEL,
    /** Spark's Delta, for a table Kernel does not write to. */
    SPARK,
    /** Neither: the checkpoint failed, or it was already there. */
    NONE
  }

  /**
   * What the last checkpoint of this instance did: its version, thread, whether it worked and who
   * wrote it.
   */
  record Done(long version, String thread, boolean ok, Writer writer) {}

  TableCheckpoints(SparkSession spark, String path, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("checkpoint every " + every + " versions: must be >= 1");
    }
    this.spark = spark;
    this.path = path;
    this.every = every;
  }

  /** {@code every} from {@link #EVERY_PROPERTY}, else {@link #DEFAULT_EVERY}. */
  static int configuredEvery() {
    return Integer.getInteger(EVERY_PROPERTY, DEFAULT_EVERY);
  }

  /**
   * A commit produced {@code version}: starts a background checkpoint of it when the table is
   * {@code every} versions past its last checkpoint (or attempt) and none is running. Returns at
   * once.
   */
  synchronized void committed(long version) {
    newest = Math.max(newest, version);
    if (!running.isDone() || version - base() < every) {
      return;
    }
    base = version;
    running = CompletableFuture.runAsync(() -> checkpoint(version, "in the background"), thread());
  }

  /**
   * Waits for a running checkpoint, then checkpoints the newest version committed through this
   * instance if it is {@code every} or more past the last checkpoint (or attempt). Failures are
   * logged, never thrown.
   */
  void finish() {
    long t0 = System.nanoTime();
    CompletableFuture<Void> pending;
    synchronized (this) {
      pending = running;
    }
    pending.join();
    long todo;
    synchronized (this) {
      todo = newest >= 0 && newest - base() >= every ? newest : -1;
      if (todo >= 0) {
        base = todo;
      }
      if (thread != null) {
        thread.shutdown();
        thread = null;
      }
    }
    if (todo >= 0) {
      checkpoint(todo, "at the job's end");
    }
    long waited = (System.nanoTime() - t0) / 1_000_000;
    if (waited > 0) {
      LOG.info("{}: waited {} ms for the table's checkpoint at the job's end", path, waited);
    }
  }

  /** The last checkpoint this instance ran, if any. */
  Optional<Done> last() {
    return Optional.ofNullable(last);
  }

  /**
   * Writes the checkpoint of {@code version} (and cleans up expired log files, as Delta's own
   * checkpoint does); logs and records the outcome.
   */
  private void checkpoint(long version, String when) {
    long t0 = System.nanoTime();
    LOG.info("{}: checkpointing version {} {}", path, version, when);
    boolean ok = false;
    Writer writer = Writer.NONE;
    try {
      writer = write(version);
      ok = true;
      LOG.info(
          "{}: checkpointed version {} in {} ms ({})",
          path,
          version,
          (System.nanoTime() - t0) / 1_000_000,
          writer);
    } catch (Exception e) { // Scala code throws checked exceptions (IOException) undeclared
      LOG.warn(
          "{}: could not checkpoint version {} ({}); the commits stand, readers replay the log"
              + " from the previous checkpoint and a later checkpoint tries again",
          path,
          version,
          e.toString(),
          e);
    } finally {
      last = new Done(version, Thread.currentThread().getName(), ok, writer);
    }
  }

  /**
   * Writes the checkpoint with Delta Kernel, which reads the log and writes the checkpoint's
   * Parquet without Spark: about a second in a job's JVM, where Spark's own checkpoint (a query
   * over the log, planned and compiled for the first time in that JVM) took 10-17 s of both cores.
   * The result is the same Delta checkpoint ({@code {version}.checkpoint.parquet}, then {@code
   * _last_checkpoint}; the file statistics as JSON, which Spark's readers take when the checkpoint
   * has no parsed copy). A table Kernel does not write to (a table feature it does not support) is
   * checkpointed by Spark's Delta, as before. Returns which of the two wrote it ({@link
   * Writer#NONE} when the checkpoint already existed).
   */
  private Writer write(long version) throws IOException {
    try {
      Table.forPath(engine(), path).checkpoint(engine(), version);
      return Writer.KERNEL;
    } catch (CheckpointAlreadyExistsException e) {
      return Writer.NONE;
    } catch (KernelException e) {
      LOG.info("{}: Delta Kernel does not checkpoint it ({}); Spark does", path, e.getMessage());
      DeltaLog log = DeltaLog.forTable(spark, path);
      Snapshot snapshot = log.getSnapshotAt(version, Option.empty(), Option.empty());
      log.checkpointAndCleanUpDeltaLog(snapshot, Option.empty());
      return Writer.SPARK;
    }
  }

  /** Kernel's engine, with the session's Hadoop configuration (file systems, credentials). */
  private Engine engine() {
    if (engine == null) {
      engine = DefaultEngine.create(spark.sessionState().newHadoopConf());
    }
    return engine;
  }

  /**
   * The version of the table's last checkpoint as the newest snapshot knows it; 0 when it has none
   * (version 0 creates the empty table: the first checkpoint comes at version {@code every}, where
   * Delta's own would).
   */
  private long base() {
    if (base == UNKNOWN) {
      long known =
          DeltaLog.forTable(spark, path).unsafeVolatileSnapshot().checkpointProvider().version();
      base = Math.max(0, known);
    }
    return base;
  }

  private ExecutorService thread() {
    if (thread == null) {
      thread =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread t = new Thread(task, "table-checkpoint");
                t.setDaemon(true);
                return t;
              });
    }
    return thread;
  }
}
