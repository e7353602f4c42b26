package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What bulk mode ({@code io.backtide.jobs.bulk}) shares with the single-feed backfill: the table's
 * row layout, the paging rule and publishing. One door, so that the rest of this package can stay
 * package-private and both modes write byte-identical files.
 */
public final class BulkBridge {
  private BulkBridge() {}

  /** The Delta table's schema (partition columns first). */
  public static StructType schema() {
    return CandleRows.SCHEMA;
  }

  /** {@code source, subject, kind, granularity, date}. */
  public static List<String> partitions() {
    return CandleRows.PARTITIONS;
  }

  public static Row toRow(FeedKey feed, SourceRow row) {
    return CandleRows.toRow(feed, row);
  }

  /** The cursor after a page whose last row is at {@code last}. */
  public static Instant next(FeedKey feed, Instant last) {
    return Backfill.next(feed, last);
  }

  public static String tablePath(Path dataDir) {
    return dataDir.resolve("delta").resolve("candles").toAbsolutePath().toString();
  }

  /** The newest version of the table. */
  public static long version(SparkSession spark, Path dataDir) {
    return new CandleTable(spark, dataDir, WriteMode.REBUILD).version();
  }

  /** Re-publishes {@code days} of {@code feed} as of table {@code version}, then the index. */
  public static int publish(
      SparkSession spark,
      Path dataDir,
      FeedKey feed,
      Collection<LocalDate> days,
      long version,
      Clock clock) {
    CandleTable table = new CandleTable(spark, dataDir, WriteMode.REBUILD);
    return new Publisher(dataDir, clock)
        .publish(feed, version, table.readDays(feed, days, version))
        .size();
  }
}
