package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /** The table's default location: {@code <dataDir>/delta/candles}. */
  public static String tablePath(Path dataDir) {
    return dataDir.resolve("delta").resolve("candles").toAbsolutePath().toString();
  }

  /** The newest version of the table at {@code table} (a path or any Hadoop URI). */
  public static long version(SparkSession spark, String table) {
    return DeltaTable.forPath(spark, table).history(1).select("version").head().getLong(0);
  }

  /**
   * Re-publishes {@code days} of {@code feed} as of {@code version} of the table at {@code table}
   * (a path or any Hadoop URI, e.g. {@code s3a://bucket/delta/candles}) under the local {@code
   * dataDir/published}, then the index. Reads like the single-feed job's table, so the files are
   * the same bytes.
   */
  public static int publish(
      SparkSession spark,
      String table,
      Path dataDir,
      FeedKey feed,
      Collection<LocalDate> days,
      long version,
      Clock clock) {
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", version)
            .load(table)
            .where(CandleMerge.feedDays("", feed, days))
            .select(
                CandleRows.PUBLISH_COLUMNS[0],
                Arrays.copyOfRange(
                    CandleRows.PUBLISH_COLUMNS, 1, CandleRows.PUBLISH_COLUMNS.length))
            .collectAsList();
    Map<LocalDate, List<SourceRow>> byDay = new TreeMap<>();
    days.forEach(d -> byDay.put(d, new ArrayList<>()));
    for (Row r : rows) {
      byDay
          .computeIfAbsent(r.getLocalDate(0), d -> new ArrayList<>())
          .add(CandleRows.fromPublishRow(r));
    }
    byDay.values().forEach(l -> l.sort(Comparator.comparing(x -> x.candle().tsEvent())));
    return new Publisher(dataDir, clock).publish(feed, version, byDay).size();
  }
}
