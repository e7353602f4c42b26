package io.backtide.jobs.testing;

import io.backtide.jobs.backfill.SparkSessions;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The local Spark session a test class shares: the job's settings on {@code local[2]}. */
public final class TestSpark {
  private TestSpark() {}

  /** A {@code local[2]} session named {@code app}, with its warehouse under {@code warehouse}. */
  public static SparkSession local(String app, Path warehouse) {
    return SparkSessions.configure(
            org.apache.spark.sql.classic.SparkSession.builder().master("local[2]").appName(app))
        .config("spark.sql.warehouse.dir", warehouse.toString())
        .getOrCreate();
  }
}
