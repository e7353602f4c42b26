package io.backtide.jobs.table;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/**
 * Delta's {@code VACUUM} of the candle table: deletes the data files that the table's current
 * version no longer references (a re-backfilled day's former file, a rebuild's replaced ones) once
 * they were replaced more than {@code retention} ago. The retention keeps them for readers of older
 * versions still in flight; Delta's own floor is {@link #DEFAULT_RETENTION}, and a shorter one is
 * the operator's explicit choice, so Delta's check is lifted for that one call.
 *
 * <p>The job's commits go into the log without Spark ({@link DirectDayCommit}), so the log is
 * brought up to date first: a vacuum on a stale snapshot fails ({@code DELTA_METADATA_ABSENT}) or,
 * worse, would not know the newest files. Vacuum logging is off: it would add two commits (start,
 * end) to a table whose versions the published files name. The folders are listed by as many tasks
 * as the session runs at once ({@link #LISTING}).
 */
final class TableVacuum {
  /** Delta's default: a week, far longer than any read of an older version takes. */
  static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  static final String CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  static final String LOGGING = "spark.databricks.delta.vacuum.logging.enabled";

  /**
   * How many tasks list the table's folders: Spark's default (10,000) made a vacuum of a small
   * table take one to three minutes on two cores; the session's parallelism is plenty.
   */
  static final String LISTING = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private TableVacuum() {}

  /**
   * Vacuums the table at {@code path}, if there is one and it holds a data file older than the
   * retention: Delta deletes no younger file, so without one there is nothing to do (the common
   * case with a week's retention), and the listing of the folders is all it costs. Returns whether
   * Delta's vacuum ran.
   */
  static boolean vacuum(SparkSession spark, String path, Duration retention) {
    if (retention.isNegative()) {
      throw new IllegalArgumentException("vacuum retention " + retention + " must not be negative");
    }
    Instant deleteBefore = Instant.now().minus(retention);
    // The listing first: asking Delta whether the table exists loads its snapshot (seconds).
    if (!hasDataFileBefore(spark, path, deleteBefore) || !DeltaTable.isDeltaTable(spark, path)) {
      return false;
    }
    DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(LOGGING, "false");
    settings.put(LISTING, String.valueOf(spark.sparkContext().defaultParallelism()));
    if (retention.compareTo(DEFAULT_RETENTION) < 0) {
      settings.put(CHECK, "false");
    }
    withSettings(
        spark.conf(), settings, () -> DeltaTable.forPath(spark, path).vacuum(hours(retention)));
    return true;
  }

  /**
   * Whether a file outside {@code _delta_log} was last modified before {@code instant}. The folders
   * are listed one by one ({@code listStatus}): Hadoop's recursive {@code listFiles} turns each
   * local file's status into a located one, which reads its permissions by running a shell command
   * per file (seconds for a year of days) when Hadoop's native library is absent, as it is here.
   */
  static boolean hasDataFileBefore(SparkSession spark, String path, Instant instant) {
    org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(path);
    try {
      FileSystem fs = table.getFileSystem(spark.sessionState().newHadoopConf());
      if (!fs.exists(table)) {
        return false;
      }
      Deque<org.apache.hadoop.fs.Path> folders = new ArrayDeque<>(List.of(table));
      while (!folders.isEmpty()) {
        for (FileStatus status : fs.listStatus(folders.pop())) {
          if (status.isDirectory()) {
            if (!status.getPath().getName().equals("_delta_log")) {
              folders.push(status.getPath());
            }
          } else if (status.getModificationTime() < instant.toEpochMilli()) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + table, e);
    }
  }

  /** Delta takes hours, fractions allowed. */
  static double hours(Duration retention) {
    return retention.toMillis() / 3_600_000.0;
  }

  /** Runs {@code action} with {@code settings} in the session, then puts the former values back. */
  private static void withSettings(
      RuntimeConfig conf, Map<String, String> settings, Runnable action) {
    Map<String, Option<String>> before = new LinkedHashMap<>();
    settings.forEach(
        (key, value) -> {
          before.put(key, conf.getOption(key));
          conf.set(key, value);
        });
    try {
      action.run();
    } finally {
      before.forEach(
          (key, value) -> {
            if (value.isDefined()) {
              conf.set(key, value.get());
            } else {
              conf.unset(key);
            }
          });
    }
  }
}
