package io.backtide.backtest;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One real local Spark session per test class, writing the published-file timestamp type. */
public final class TestSpark {

  private TestSpark() {}

  public static SparkSession start(Path dir) {
    return org.apache.spark.sql.classic.SparkSession.builder()
        .master("local[2]")
        .appName("backtest-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
        .config("spark.local.dir", dir.resolve("spark-local").toString())
        .getOrCreate();
  }
}
