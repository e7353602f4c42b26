package io.backtide.jobs.table;

import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.Metadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The table property that keeps Delta's own checkpoint off the commit path. Delta checkpoints in
 * the commit that brings a table to a multiple of its {@code delta.checkpointInterval} (default
 * 10), synchronously, before the commit returns: in a fresh job JVM that one commit took ~10 s.
 * Backtide's tables set the interval to {@link Integer#MAX_VALUE} (Delta's hook then never fires)
 * and the jobs checkpoint themselves on a background thread ({@link TableCheckpoints}).
 *
 * <p>New tables get the property when they are created ({@link TableCreate}); a table an earlier
 * version created gets it from one metadata-only commit ({@link #ensure}). That commit reads no
 * data file, so a concurrent job's commit that only adds or removes files does not conflict with
 * it; the other way round, a job whose transaction started before it sees a metadata change and
 * starts over (a direct day commit retries; Delta's conflict check rejects it rather than let it
 * commit on a stale schema).
 */
final class CheckpointInterval {
  /** Delta's table property. */
  static final String KEY = "delta.checkpointInterval";

  /** Its value in Backtide's tables: never a multiple a table reaches. */
  static final String NEVER = String.valueOf(Integer.MAX_VALUE);

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointInterval.class);
  private static final int MAX_ATTEMPTS = 3;

  private CheckpointInterval() {}

  /** The configuration a new table starts with. */
  static Map<String, String> newTable() {
    return Map.of(KEY, NEVER);
  }

  /**
   * Sets the property on the existing table at {@code path} unless it holds it already; returns
   * whether this call committed. Nothing happens to a table that does not exist. A conflicting
   * concurrent commit makes it try again (up to three times); then it gives up with a warning: the
   * commits reaching version 10, 20, ... then pay Delta's checkpoint as before, and the next job
   * tries again.
   */
  static boolean ensure(SparkSession spark, String path) {
    return ensure(spark, path, () -> {});
  }

  /**
   * As {@link #ensure(SparkSession, String)}; {@code beforeCommit} runs between the read and the
   * first commit attempt (tests commit concurrently there).
   */
  static boolean ensure(SparkSession spark, String path, Runnable beforeCommit) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    for (int attempt = 1; ; attempt++) {
      OptimisticTransaction txn = log.startTransaction();
      if (txn.readVersion() < 0 || NEVER.equals(of(txn.metadata()))) {
        return false;
      }
      String before = of(txn.metadata());
      txn.updateMetadata(withNever(txn.metadata()), false);
      (attempt == 1 ? beforeCommit : (Runnable) () -> {}).run();
      try {
        long version =
            txn.commit(
                CollectionConverters.asScala(List.<Action>of()).toList(),
                new DeltaOperations.SetTableProperties(TablePartitions.scalaMap(newTable())));
        LOG.info("{}: set {} from {} to {} in version {}", path, KEY, before, NEVER, version);
        return true;
      } catch (ConcurrentModificationException e) {
        if (attempt == MAX_ATTEMPTS) {
          LOG.warn(
              "{}: could not set {} (concurrent commits); Delta checkpoints in commits for now",
              path,
              KEY,
              e);
          return false;
        }
      }
    }
  }

  /** The table's interval as configured ({@code null} when unset: Delta's default, 10). */
  static String of(Metadata metadata) {
    return CollectionConverters.asJava(metadata.configuration()).get(KEY);
  }

  private static Metadata withNever(Metadata metadata) {
    Map<String, String> configuration =
        new HashMap<>(CollectionConverters.asJava(metadata.configuration()));
    configuration.putAll(newTable());
    return metadata.copy(
        metadata.id(),
        metadata.name(),
        metadata.description(),
        metadata.format(),
        metadata.schemaString(),
        metadata.partitionColumns(),
        TablePartitions.scalaMap(configuration),
        metadata.createdTime());
  }
}
