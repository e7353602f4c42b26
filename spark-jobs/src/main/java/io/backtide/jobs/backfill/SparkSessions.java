package io.backtide.jobs.backfill;

import io.backtide.jobs.table.ForklessLocalFileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.classic.SparkSession.Builder;

/**
 * The Spark session the backfill needs: Delta, UTC, java.time values, small local shuffles.
 * Sessions are built with the classic (in-process) implementation's builder: {@code
 * org.apache.spark.sql.SparkSession.builder()} first looks that implementation up through Scala's
 * runtime reflection, whose start-up costs a fresh JVM about a second.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A session on {@code master}, unless {@code spark.master} is already set (spark-submit sets it),
   * which then wins.
   */
  public static SparkSession create(String master, String appName) {
    SparkConf conf = new SparkConf();
    Builder builder = org.apache.spark.sql.classic.SparkSession.builder().appName(appName);
    if (!conf.contains("spark.master")) {
      builder.master(master);
    }
    if (conf.get("spark.master", master).startsWith("local")) {
      loopbackOnly(builder, conf);
    }
    return configure(builder).getOrCreate();
  }

  /**
   * In local mode nothing outside this machine talks to the driver: its RPC endpoint and block
   * manager listen on 127.0.0.1 instead of the address the host name resolves to. Settings given
   * explicitly (spark-submit, {@code -Dspark...}) win.
   */
  static void loopbackOnly(Builder builder, SparkConf conf) {
    for (String key : LOOPBACK_KEYS) {
      if (!conf.contains(key)) {
        builder.config(key, "127.0.0.1");
      }
    }
  }

  static final java.util.List<String> LOOPBACK_KEYS =
      java.util.List.of("spark.driver.bindAddress", "spark.driver.host");

  /**
   * Applies the settings every backfill session needs (tests use it for their own sessions). Delta
   * does not list a small table's files in each commit's checksum file ({@code
   * allFilesInCrc.enabled}): listing them costs a Spark job over the previous version's state on
   * the commit that creates a table (seconds of a job's start-up, for an empty list), and readers
   * do not need it (they list the files from the log, as for any table of more than 50 files).
   * Local paths go through {@link ForklessLocalFileSystem} (installed here).
   */
  public static Builder configure(Builder builder) {
    ForklessLocalFileSystem.install();
    return builder
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.databricks.delta.allFilesInCrc.enabled", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false");
  }
}
