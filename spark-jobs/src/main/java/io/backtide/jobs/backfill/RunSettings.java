package io.backtide.jobs.backfill;

import io.backtide.jobs.table.CandleTable;
import io.backtide.jobs.table.WriteMode;
import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of one run: provider page size, the batch bounds (rows, and age so that a slow provider
 * still commits progress), how often the heartbeat thread beats, the write mode, and whether the
 * Spark warm-up runs before fetching or alongside it (the default), and how long the table keeps
 * the files a commit replaced before the vacuum at the end of a completed job deletes them.
 */
public record RunSettings(
    int pageSize,
    int batchRows,
    Duration maxBatchAge,
    Duration heartbeatEvery,
    WriteMode mode,
    boolean warmUpFirst,
    Duration vacuumRetention) {
  public static final int DEFAULT_PAGE_SIZE = 1000;

  /**
   * A day of 1s candles: 1s feeds commit day by day (each commit overlapping the next day's
   * fetching), 1m feeds every 60 days. Batches always end at a UTC day boundary.
   */
  public static final int DEFAULT_BATCH_ROWS = 86_400;

  public RunSettings {
    Objects.requireNonNull(maxBatchAge, "maxBatchAge");
    Objects.requireNonNull(heartbeatEvery, "heartbeatEvery");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(vacuumRetention, "vacuumRetention");
    if (vacuumRetention.isNegative()) {
      throw new IllegalArgumentException(
          "vacuum retention " + vacuumRetention + " must not be negative");
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size " + pageSize + " must be at least 1");
    }
    if (batchRows < 1) {
      throw new IllegalArgumentException("batch rows " + batchRows + " must be at least 1");
    }
  }

  public static RunSettings defaults() {
    return new RunSettings(
        DEFAULT_PAGE_SIZE,
        DEFAULT_BATCH_ROWS,
        Duration.ofSeconds(15),
        Duration.ofSeconds(5),
        WriteMode.REBUILD,
        false,
        CandleTable.DEFAULT_VACUUM_RETENTION);
  }

  public RunSettings withPageSize(int rows) {
    return new RunSettings(
        rows, batchRows, maxBatchAge, heartbeatEvery, mode, warmUpFirst, vacuumRetention);
  }

  public RunSettings withBatchRows(int rows) {
    return new RunSettings(
        pageSize, rows, maxBatchAge, heartbeatEvery, mode, warmUpFirst, vacuumRetention);
  }

  public RunSettings withHeartbeatEvery(Duration every) {
    return new RunSettings(
        pageSize, batchRows, maxBatchAge, every, mode, warmUpFirst, vacuumRetention);
  }

  /**
   * Whether the job finishes Spark's and Delta's one-off start-up before it fetches (and starts its
   * run clock), rather than overlapping the two. Slower overall; benchmarks use it to measure the
   * pipeline after start-up.
   */
  public RunSettings withWarmUpFirst(boolean first) {
    return new RunSettings(
        pageSize, batchRows, maxBatchAge, heartbeatEvery, mode, first, vacuumRetention);
  }

  public RunSettings withMode(WriteMode writeMode) {
    return new RunSettings(
        pageSize, batchRows, maxBatchAge, heartbeatEvery, writeMode, warmUpFirst, vacuumRetention);
  }

  /** How long replaced data files stay for readers of older table versions. */
  public RunSettings withVacuumRetention(Duration retention) {
    return new RunSettings(
        pageSize, batchRows, maxBatchAge, heartbeatEvery, mode, warmUpFirst, retention);
  }
}
