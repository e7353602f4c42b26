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
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
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
  private volatile boolean created;

  CandleTable(SparkSession spark, Path dataDir, WriteMode mode) {
    this.spark = spark;
    this.path = dataDir.resolve("delta").resolve("candles").toAbsolutePath().toString();
    this.scratchDir = dataDir.resolve("scratch").toAbsolutePath();
    this.mode = mode;
  }

  /**
   * Writes one batch (distinct keys, one feed) and returns the commit. The batch goes straight into
   * the table as one new file per touched day ({@link DayFiles}: no Spark job, and the commit
   * carries what the days now hold) unless the mode is merge and a day already holds rows, or a
   * day's files are not plain Parquet this job reads. Then the batch reaches Spark as staged
   * Parquet files and is deduplicated against the days' rows there (rebuild or {@code
   * DeltaTable.merge}).
   */
  Commit write(FeedKey feed, Batch batch) {
    SortedMap<LocalDate, List<SourceRow>> byDay = batch.byDay();
    SortedSet<LocalDate> days = new TreeSet<>(byDay.keySet());
    long t0 = System.nanoTime();
    ensureExists();
    long t1 = System.nanoTime();
    Optional<DayFiles.Written> direct =
        DayFiles.commit(spark, path, feed, byDay, mode == WriteMode.REBUILD);
    long t2 = System.nanoTime();
    if (direct.isPresent()) {
      LOG.info(
          "write phases ms: create {} direct {} ({} rows, {} days)",
          ms(t1 - t0),
          ms(t2 - t1),
          batch.size(),
          days.size());
      return new Commit(
          direct.get().version(), days, batch.size(), Optional.of(direct.get().days()));
    }
    Path scratch = scratchDir.resolve("batch-" + UUID.randomUUID());
    try {
      BatchParquetFile.writeDays(scratch, feed, byDay);
      Dataset<Row> incoming =
          spark.read().schema(CandleRows.SCHEMA).parquet(scratch.toUri().toString());
      long t3 = System.nanoTime();
      if (mode == WriteMode.REBUILD) {
        rebuild(feed, days, incoming);
      } else {
        merge(feed, days, incoming);
      }
      long t4 = System.nanoTime();
      Commit commit = new Commit(version(), days, batch.size(), Optional.empty());
      LOG.info(
          "write phases ms: check {} stage {} {} {} version {} ({} rows, {} days)",
          ms(t2 - t1),
          ms(t3 - t2),
          mode.code(),
          ms(t4 - t3),
          ms(System.nanoTime() - t4),
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
   * Creates the empty, partitioned table unless it exists (once per instance; a metadata-only
   * commit). Columns are nullable, as in a table Spark creates from a DataFrame.
   */
  void ensureExists() {
    if (created) {
      return;
    }
    if (!DeltaTable.isDeltaTable(spark, path)) {
      DeltaTable.createIfNotExists(spark)
          .location(path)
          .addColumns(nullable(CandleRows.SCHEMA))
          .partitionedBy(CandleRows.PARTITIONS.toArray(String[]::new))
          .execute();
    }
    created = true;
  }

  private static StructType nullable(StructType schema) {
    StructType out = new StructType();
    for (StructField field : schema.fields()) {
      out = out.add(field.name(), field.dataType(), true);
    }
    return out;
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
