package io.backtide.jobs.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes days that hold no rows yet straight into the Delta table, without a Spark job: one Parquet
 * file per day written here with parquet-mr (the table's data columns, as Spark would write them),
 * then one Delta transaction that adds them. The transaction first asks the log which files the
 * touched days hold; that read is recorded, so a concurrent commit into the same days makes this
 * one fail (Delta's conflict check) rather than leave duplicates; it is then retried. When a day
 * does hold files the transaction is dropped and the caller deduplicates through Spark instead.
 *
 * <p>This is what a first backfill does all the time, and it is several times cheaper than a Spark
 * write: no staging, no tasks, no per-row conversions; a commit costs one small Spark job (the file
 * listing of the touched days) plus the log write.
 */
final class FreshDays {
  /** The table's data columns (everything but the partition columns), as Spark writes them. */
  static final MessageType DATA_SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message spark_schema {
            optional int64 ts_event (TIMESTAMP(MICROS,true));
            optional double open;
            optional double high;
            optional double low;
            optional double close;
            optional double volume;
            optional binary meta (STRING);
          }
          """);

  private static final Logger LOG = LoggerFactory.getLogger(FreshDays.class);
  private static final int MAX_ATTEMPTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter STATS_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
  private static final String[] VALUE_COLUMNS = {"open", "high", "low", "close", "volume"};

  private FreshDays() {}

  /**
   * Commits {@code days} (each in time order, distinct {@code ts_event}) as new files, or returns
   * empty, writing nothing, when one of the days already holds files in the table.
   */
  static Optional<Long> commit(
      SparkSession spark,
      String tablePath,
      FeedKey feed,
      SortedMap<LocalDate, List<SourceRow>> days) {
    return commit(spark, tablePath, feed, days, () -> {});
  }

  /**
   * As {@link #commit(SparkSession, String, FeedKey, SortedMap)}; {@code beforeCommit} runs once
   * between the check and the first commit attempt (tests commit concurrently there).
   *
   * <p>Whether the days are empty is answered for free when none of them has a partition folder:
   * Delta writes a partition's files under its folder (in a table without random file prefixes or
   * column mapping, which this one never enables), so no folder means no file. The transaction then
   * declares that it read the whole table: any concurrent commit makes Delta reject this one, and
   * the commit is retried after an exact check (the touched days' files, read from the log by a
   * small Spark job, which is also what a folder that exists triggers).
   */
  static Optional<Long> commit(
      SparkSession spark,
      String tablePath,
      FeedKey feed,
      SortedMap<LocalDate, List<SourceRow>> days,
      Runnable beforeCommit) {
    DeltaLog log = DeltaLog.forTable(spark, tablePath);
    Set<scala.collection.immutable.Map<String, String>> touched = new HashSet<>();
    for (LocalDate day : days.keySet()) {
      touched.add(scalaMap(partitionValues(feed, day)));
    }
    long t0 = System.nanoTime();
    OptimisticTransaction txn = log.startTransaction();
    checkLayout(txn, tablePath);
    if (folderLayout(txn) && noDayFolder(tablePath, feed, days.keySet())) {
      txn.readWholeTable();
    } else if (!emptyDays(txn, touched)) {
      return Optional.empty();
    }
    long t1 = System.nanoTime();
    List<Path> written = new ArrayList<>();
    try {
      List<Action> adds = new ArrayList<>();
      for (Map.Entry<LocalDate, List<SourceRow>> day : days.entrySet()) {
        adds.add(writeDay(Path.of(tablePath), feed, day.getKey(), day.getValue(), written));
      }
      long t2 = System.nanoTime();
      beforeCommit.run();
      for (int attempt = 1; ; attempt++) {
        try {
          long version = txn.commit(CollectionConverters.asScala(adds).toList(), operation());
          LOG.info(
              "fresh days ms: check {} write {} commit {}",
              (t1 - t0) / 1_000_000,
              (t2 - t1) / 1_000_000,
              (System.nanoTime() - t2) / 1_000_000);
          return Optional.of(version);
        } catch (ConcurrentModificationException e) {
          if (attempt == MAX_ATTEMPTS) {
            throw e;
          }
          LOG.warn("{}: a concurrent commit into {}; checking the days again", feed, tablePath, e);
          txn = log.startTransaction();
          if (!emptyDays(txn, touched)) {
            deleteQuietly(written);
            return Optional.empty();
          }
        }
      }
    } catch (IOException e) {
      deleteQuietly(written);
      throw new UncheckedIOException(
          "cannot write a data file of " + feed + " into " + tablePath, e);
    } catch (RuntimeException e) {
      deleteQuietly(written);
      throw e;
    }
  }

  private static boolean emptyDays(
      OptimisticTransaction txn, Set<scala.collection.immutable.Map<String, String>> touched) {
    return txn.filterFiles(CollectionConverters.asScala(touched).toSet()).isEmpty();
  }

  private static DeltaOperations.Write operation() {
    return new DeltaOperations.Write(
        SaveMode.Append,
        Option.apply(CollectionConverters.asScala(CandleRows.PARTITIONS).toList()),
        Option.empty(),
        Option.empty());
  }

  private static void checkLayout(OptimisticTransaction txn, String tablePath) {
    List<String> partitionColumns = CollectionConverters.asJava(txn.metadata().partitionColumns());
    if (!partitionColumns.equals(CandleRows.PARTITIONS)) {
      throw new IllegalStateException(
          "the Delta table at "
              + tablePath
              + " is partitioned by "
              + partitionColumns
              + ", not by "
              + CandleRows.PARTITIONS);
    }
  }

  /** True when the table keeps each partition's files under its folder (Delta's default). */
  private static boolean folderLayout(OptimisticTransaction txn) {
    Map<String, String> conf = CollectionConverters.asJava(txn.metadata().configuration());
    return !"true".equalsIgnoreCase(conf.getOrDefault("delta.randomizeFilePrefixes", "false"))
        && "none".equalsIgnoreCase(conf.getOrDefault("delta.columnMapping.mode", "none"));
  }

  /** True when none of the days has a partition folder under the table. */
  static boolean noDayFolder(String tablePath, FeedKey feed, Collection<LocalDate> days) {
    Path table = Path.of(tablePath);
    return days.stream().noneMatch(d -> Files.exists(table.resolve(folder(feed, d))));
  }

  /** The partition values of one day of the feed, as Delta records them (dates as yyyy-MM-dd). */
  static Map<String, String> partitionValues(FeedKey feed, LocalDate day) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("source", feed.source());
    values.put("subject", feed.subject());
    values.put("kind", feed.kind().code());
    values.put("granularity", feed.granularity().code());
    values.put("date", day.toString());
    return values;
  }

  /** The day's partition folder, relative to the table, escaped as Spark and Delta escape it. */
  static String folder(FeedKey feed, LocalDate day) {
    StringJoiner folder = new StringJoiner("/");
    for (Map.Entry<String, String> value : partitionValues(feed, day).entrySet()) {
      folder.add(ExternalCatalogUtils.getPartitionPathString(value.getKey(), value.getValue()));
    }
    return folder.toString();
  }

  private static AddFile writeDay(
      Path table, FeedKey feed, LocalDate day, List<SourceRow> rows, List<Path> written)
      throws IOException {
    Map<String, String> partition = partitionValues(feed, day);
    String relative =
        folder(feed, day) + "/part-00000-" + UUID.randomUUID() + ".c000.snappy.parquet";
    Path file = table.resolve(relative);
    Files.createDirectories(file.getParent());
    written.add(file);
    writeFile(file, rows);
    return new AddFile(
        new org.apache.hadoop.fs.Path(relative).toUri().toString(),
        scalaMap(partition),
        Files.size(file),
        Files.getLastModifiedTime(file).toMillis(),
        true,
        stats(rows),
        null,
        null,
        Option.empty(),
        Option.empty(),
        Option.empty());
  }

  /** Writes rows in the table's data layout: snappy, dictionary-encoded, like Spark's writer. */
  static void writeFile(Path file, List<SourceRow> rows) throws IOException {
    try (ParquetWriter<SourceRow> writer =
        new SourceRowParquetBuilder(new LocalOutputFile(file), new DataWriteSupport())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .withDictionaryEncoding(true)
            .build()) {
      for (SourceRow row : rows) {
        writer.write(row);
      }
    }
  }

  /**
   * The file statistics Delta's writer would record (row count, per-column minimum, maximum and
   * null count; timestamps in milliseconds, as Delta truncates them), which data skipping reads.
   * The string column {@code meta} gets no minimum or maximum: Delta's truncation rules for long
   * strings are its own, and a missing bound only means that column never skips a file.
   */
  static String stats(List<SourceRow> rows) {
    Instant minTs = rows.get(0).candle().tsEvent();
    Instant maxTs = minTs;
    double[] min = new double[VALUE_COLUMNS.length];
    double[] max = new double[VALUE_COLUMNS.length];
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (SourceRow row : rows) {
      Candle c = row.candle();
      Instant ts = c.tsEvent();
      minTs = ts.isBefore(minTs) ? ts : minTs;
      maxTs = ts.isAfter(maxTs) ? ts : maxTs;
      double[] values = {c.open(), c.high(), c.low(), c.close(), c.volume()};
      for (int i = 0; i < values.length; i++) {
        min[i] = Math.min(min[i], values[i]);
        max[i] = Math.max(max[i], values[i]);
      }
    }
    ObjectNode stats = JSON.createObjectNode();
    stats.put("numRecords", rows.size());
    ObjectNode minValues = stats.putObject("minValues");
    ObjectNode maxValues = stats.putObject("maxValues");
    ObjectNode nullCount = stats.putObject("nullCount");
    minValues.put(CandleRows.TS, STATS_TIME.format(minTs));
    maxValues.put(CandleRows.TS, STATS_TIME.format(maxTs));
    nullCount.put(CandleRows.TS, 0);
    for (int i = 0; i < VALUE_COLUMNS.length; i++) {
      minValues.put(VALUE_COLUMNS[i], min[i]);
      maxValues.put(VALUE_COLUMNS[i], max[i]);
      nullCount.put(VALUE_COLUMNS[i], 0);
    }
    nullCount.put("meta", 0);
    return stats.toString();
  }

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
    return scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(map));
  }

  private static void deleteQuietly(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // An uncommitted file is invisible to readers; VACUUM removes it.
      }
    }
  }

  private static final class DataWriteSupport extends WriteSupport<SourceRow> {
    private RecordConsumer out;

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(DATA_SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(SourceRow row) {
      Candle c = row.candle();
      out.startMessage();
      out.startField("ts_event", 0);
      out.addLong(c.tsEventMicros());
      out.endField("ts_event", 0);
      double[] values = {c.open(), c.high(), c.low(), c.close(), c.volume()};
      for (int i = 0; i < values.length; i++) {
        out.startField(VALUE_COLUMNS[i], 1 + i);
        out.addDouble(values[i]);
        out.endField(VALUE_COLUMNS[i], 1 + i);
      }
      out.startField("meta", 6);
      out.addBinary(Binary.fromString(row.meta()));
      out.endField("meta", 6);
      out.endMessage();
    }
  }
}
