package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import java.util.ConcurrentModificationException;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.Format;
import org.apache.spark.sql.delta.actions.Metadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Creates the empty, partitioned candle table with one Delta transaction of its own: the metadata
 * (and the protocol Delta derives from it and the session's defaults) as version 0, the same commit
 * {@code DeltaTable.createIfNotExists(...).location(path)} writes, but without going through
 * Spark's SQL layer (parser, analyzer, catalog, the planner's first query: seconds of class loading
 * and code generation on a job's first use), plus the table property that keeps Delta's checkpoint
 * out of commits ({@link CheckpointInterval}). A table that exists, or that a concurrent job
 * creates first, is left as it is.
 */
final class TableCreate {
  private static final Logger LOG = LoggerFactory.getLogger(TableCreate.class);

  private TableCreate() {}

  /**
   * Creates the table at {@code path} unless it exists; returns whether this call created it.
   * Columns are nullable, as in a table Spark creates from a DataFrame.
   */
  static boolean createIfMissing(SparkSession spark, String path) {
    return createIfMissing(spark, path, () -> {});
  }

  /**
   * As {@link #createIfMissing(SparkSession, String)}; {@code beforeCommit} runs between the check
   * and the commit (tests create the table concurrently there).
   */
  static boolean createIfMissing(SparkSession spark, String path, Runnable beforeCommit) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    OptimisticTransaction txn = log.startTransaction();
    if (txn.readVersion() >= 0) {
      return false;
    }
    Metadata metadata = metadata();
    txn.updateMetadataForNewTable(metadata);
    beforeCommit.run();
    try {
      txn.commit(
          CollectionConverters.asScala(java.util.List.<Action>of()).toList(),
          new DeltaOperations.CreateTable(metadata, false, false, Option.empty()));
      return true;
    } catch (ConcurrentModificationException e) {
      // Another job created the table between our read and our commit: theirs stands.
      if (log.update(false, Option.empty(), Option.empty()).version() < 0) {
        throw e;
      }
      LOG.info("the Delta table at {} was created concurrently; using it", path);
      return false;
    }
  }

  /**
   * The table's metadata: its schema (all columns nullable), partition columns, and the checkpoint
   * interval that keeps Delta's checkpoint out of commits ({@link CheckpointInterval}).
   */
  static Metadata metadata() {
    return new Metadata(
        java.util.UUID.randomUUID().toString(),
        null,
        null,
        new Format("parquet", TablePartitions.scalaMap(Map.of())),
        SparkColumns.schema(CandleColumn.TABLE, true).json(),
        CollectionConverters.asScala(SparkColumns.PARTITIONS).toList(),
        TablePartitions.scalaMap(CheckpointInterval.newTable()),
        Option.<Object>apply(System.currentTimeMillis()));
  }
}
