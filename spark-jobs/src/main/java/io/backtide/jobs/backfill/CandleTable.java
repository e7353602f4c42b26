package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta table {@code data/delta/candles}: writes a batch (incoming rows win, one file per
 * touched day) and reads days back at a given version for publishing.
 */
final class CandleTable {
  private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");
  private static final Logger LOG = LoggerFactory.getLogger(CandleTable.class);
  private final SparkSession spark;
  private final String path;
  private final Path scratchDir;
  private final WriteMode mode;

  CandleTable(SparkSession spark, Path dataDir, WriteMode mode) {
    this.spark = spark;
    this.path = dataDir.resolve("delta").resolve("candles").toAbsolutePath().toString();
    this.scratchDir = dataDir.resolve("scratch").toAbsolutePath();
    this.mode = mode;
  }

  /**
   * Writes one batch (distinct keys, one feed) and returns the commit. The batch reaches Spark as
   * staged Parquet files. When the touched days hold no rows yet (the common case of a first
   * backfill; one filtered emptiness check) it is written as it is: no anti-join, no shuffle, and
   * the commit says the days now hold exactly the batch ({@link Commit#fresh()}).
   */
  Commit write(FeedKey feed, Batch batch) {
    SortedSet<LocalDate> days = batch.days();
    Path scratch = scratchDir.resolve("batch-" + UUID.randomUUID());
    try {
      long t0 = System.nanoTime();
      BatchParquetFile.writeDays(scratch, feed, batch.byDay());
      Dataset<Row> incoming =
          spark.read().schema(CandleRows.SCHEMA).parquet(scratch.toUri().toString());
      long t1 = System.nanoTime();
      boolean exists = DeltaTable.isDeltaTable(spark, path);
      boolean fresh = !exists || noDayFolder(feed, days) || existing(feed, days).isEmpty();
      long t2 = System.nanoTime();
      if (fresh) {
        writeFresh(feed, days, incoming, exists);
      } else if (mode == WriteMode.REBUILD) {
        rebuild(feed, days, incoming);
      } else {
        merge(feed, days, incoming);
      }
      long t3 = System.nanoTime();
      Commit commit = new Commit(version(), days, batch.size(), fresh);
      LOG.info(
          "write phases ms: stage {} check {} {} {} version {} ({} rows, {} days)",
          ms(t1 - t0),
          ms(t2 - t1),
          fresh ? "fresh" : mode.code(),
          ms(t3 - t2),
          ms(System.nanoTime() - t3),
          batch.size(),
          days.size());
      return commit;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage a batch of " + feed + " at " + scratch, e);
    } finally {
      deleteQuietly(scratch);
    }
  }

  /**
   * Writes the batch as the whole content of days that were empty. No shuffle: the staged batch has
   * one single-row-group file per day, and Spark never splits a row group between read tasks, so
   * each day is read (and written) by exactly one task: one data file per day. On an existing table
   * this is a {@code replaceWhere} overwrite, not an append, so a concurrent writer into the same
   * days makes the commit fail (Delta's conflict check) instead of leaving duplicates.
   */
  private void writeFresh(
      FeedKey feed, SortedSet<LocalDate> days, Dataset<Row> incoming, boolean exists) {
    DataFrameWriter<Row> writer = incoming.write().format("delta");
    if (exists) {
      writer.mode("overwrite").option("replaceWhere", CandleMerge.feedDaysSql(feed, days));
    } else {
      writer.mode("append").partitionBy(CandleRows.PARTITIONS.toArray(String[]::new));
    }
    writer.save(path);
  }

  /**
   * True when none of the days has a partition folder: then the table holds no row for them, and
   * the Spark emptiness check (a full job, seconds on a cold JVM) is not needed. A folder that
   * exists proves nothing (old files stay until VACUUM), so that case asks the table.
   */
  boolean noDayFolder(FeedKey feed, Collection<LocalDate> days) {
    Path feedDir =
        Path.of(path)
            .resolve("source=" + feed.source())
            .resolve("subject=" + feed.subject())
            .resolve("kind=" + feed.kind().code())
            .resolve("granularity=" + feed.granularity().code());
    return days.stream().noneMatch(d -> Files.exists(feedDir.resolve("date=" + d)));
  }

  private Dataset<Row> existing(FeedKey feed, Collection<LocalDate> days) {
    return spark.read().format("delta").load(path).where(CandleMerge.feedDays("", feed, days));
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A leftover scratch folder is harmless: the next batch uses a new name.
    }
  }

  private void rebuild(FeedKey feed, SortedSet<LocalDate> days, Dataset<Row> incoming) {
    CandleMerge.onePartitionPerDay(
            CandleMerge.incomingWins(existing(feed, days), incoming), days.size())
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

  /**
   * The newest table version: the highest commit file in {@code _delta_log} (a directory listing;
   * {@code history(1)} costs a Spark job of about half a second).
   */
  long version() {
    try (Stream<Path> log = Files.list(Path.of(path, "_delta_log"))) {
      return log.map(p -> p.getFileName().toString())
          .filter(name -> COMMIT_FILE.matcher(name).matches())
          .mapToLong(name -> Long.parseLong(name.substring(0, name.indexOf('.'))))
          .max()
          .orElseThrow(() -> new IllegalStateException("no commit in " + path + "/_delta_log"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path + "/_delta_log", e);
    }
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
