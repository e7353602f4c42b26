package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta table {@code data/delta/candles}: writes a batch (incoming rows win, one file per
 * touched day) and reads days back at a given version for publishing.
 */
final class CandleTable {
  private final SparkSession spark;
  private final String path;
  private final WriteMode mode;

  CandleTable(SparkSession spark, Path dataDir, WriteMode mode) {
    this.spark = spark;
    this.path = dataDir.resolve("delta").resolve("candles").toAbsolutePath().toString();
    this.mode = mode;
  }

  /** Writes one batch (distinct keys, one feed) and returns the commit. */
  Commit write(FeedKey feed, Batch batch) {
    SortedSet<LocalDate> days = batch.days();
    Dataset<Row> incoming = incoming(feed, batch.rows());
    if (!DeltaTable.isDeltaTable(spark, path)) {
      CandleMerge.onePartitionPerDay(incoming, days.size())
          .write()
          .format("delta")
          .partitionBy(CandleRows.PARTITIONS.toArray(String[]::new))
          .mode("append")
          .save(path);
    } else if (mode == WriteMode.REBUILD) {
      rebuild(feed, days, incoming);
    } else {
      merge(feed, days, incoming);
    }
    return new Commit(version(), days, batch.size());
  }

  private void rebuild(FeedKey feed, SortedSet<LocalDate> days, Dataset<Row> incoming) {
    Dataset<Row> existing =
        spark.read().format("delta").load(path).where(CandleMerge.feedDays("", feed, days));
    CandleMerge.onePartitionPerDay(CandleMerge.incomingWins(existing, incoming), days.size())
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", CandleMerge.feedDaysSql(feed, days))
        .save(path);
  }

  private void merge(FeedKey feed, SortedSet<LocalDate> days, Dataset<Row> incoming) {
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(incoming.as("s"), CandleMerge.feedDays("t", feed, days).and(CandleMerge.sameKey()))
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
    // An insert-only merge into a day that had a file adds a second one: compact back to one.
    DeltaTable.forPath(spark, path)
        .optimize()
        .where(CandleMerge.feedDaysSql(feed, days))
        .executeCompaction();
  }

  private Dataset<Row> incoming(FeedKey feed, Collection<SourceRow> rows) {
    List<Row> out = new ArrayList<>(rows.size());
    for (SourceRow row : rows) {
      out.add(CandleRows.toRow(feed, row));
    }
    return spark.createDataFrame(out, CandleRows.SCHEMA);
  }

  /** The newest table version. */
  long version() {
    return DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
  }

  /** The feed's rows on {@code days} as of {@code version}, per day in time order. */
  Map<LocalDate, List<SourceRow>> readDays(FeedKey feed, Collection<LocalDate> days, long version) {
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", version)
            .load(path)
            .where(CandleMerge.feedDays("", feed, days))
            .select(CandleRows.PUBLISH_COLUMNS[0], tail(CandleRows.PUBLISH_COLUMNS))
            .collectAsList();
    Map<LocalDate, List<SourceRow>> byDay = new TreeMap<>();
    for (LocalDate day : days) {
      byDay.put(day, new ArrayList<>());
    }
    for (Row r : rows) {
      byDay
          .computeIfAbsent(r.getLocalDate(0), d -> new ArrayList<>())
          .add(CandleRows.fromPublishRow(r));
    }
    byDay
        .values()
        .forEach(l -> l.sort((a, b) -> a.candle().tsEvent().compareTo(b.candle().tsEvent())));
    return byDay;
  }

  String path() {
    return path;
  }

  private static String[] tail(String[] all) {
    String[] rest = new String[all.length - 1];
    System.arraycopy(all, 1, rest, 0, rest.length);
    return rest;
  }
}
