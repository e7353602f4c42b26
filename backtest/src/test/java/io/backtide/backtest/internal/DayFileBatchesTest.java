package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.backtest.BacktestException;
import io.backtide.backtest.Bar;
import io.backtide.backtest.DataFile;
import io.backtide.backtest.DayFiles;
import io.backtide.backtest.TestSpark;
import io.backtide.core.FeedKey;
import io.backtide.core.Micros;
import io.backtide.core.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.paths.SparkPath;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.Iterator;
import scala.collection.Iterator$;

/** The day-file reader decodes exactly what Spark's Parquet reader reads, or leaves it to Spark. */
class DayFileBatchesTest {

  static final FeedKey FEED = FeedKey.parse("sim/BATCHES/candle/1m");
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir static Path dir;
  static SparkSession spark;
  static Map<LocalDate, Path> days;

  @BeforeAll
  static void writeDays() {
    spark = TestSpark.start(dir);
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < 4 * 1440; i += 5) {
      if (i / 1440 != 1) { // the second day is missing
        double p = 70 + Math.sin(i / 30.0) * 3;
        bars.add(new Bar(T0.plus(Duration.ofMinutes(i)), p, p + 2, p - 2, p + 0.1, i % 7));
      }
    }
    days = DayFiles.write(spark, dir.resolve("cache"), FEED, bars);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void theDayFileFormatsBatchesHoldSparksRowsForFilesWithAMissingDay() {
    List<Path> files = List.copyOf(days.values());
    TimeRange all = new TimeRange(T0, T0.plus(Duration.ofDays(4)));

    CandleColumns read =
        CandleColumns.fromBlocks(
            null,
            0,
            ColumnarBlocks.read(CandleReader.scan(spark, files, CandleReader.BARS), all)
                .orElseThrow());

    assertThat(days).hasSize(3);
    assertThat(read.size()).isEqualTo(3 * 1440 / 5);
    assertSameAsSpark(read, sparkRows(files, CandleReader.BARS, "ts_event"));
  }

  @Test
  void nullableColumnsWithNullsAndSeveralRowGroupsSplitAcrossTasksReadAsSparkReadsThem()
      throws IOException {
    Path file = nullableFile(dir.resolve("nullable.parquet"));
    StructType bars = CandleReader.BARS;
    long size = Files.size(file);

    List<ColumnarBatch> whole = DayFileBatches.read(file, 0, size, bars).orElseThrow();
    List<ColumnarBatch> halves = new ArrayList<>();
    halves.addAll(DayFileBatches.read(file, 0, size / 2, bars).orElseThrow());
    halves.addAll(DayFileBatches.read(file, size / 2, size - size / 2, bars).orElseThrow());

    assertThat(whole).as("row groups").hasSizeGreaterThan(2);
    List<Row> spark = sparkRows(List.of(file), bars, "high");
    assertThat(rows(whole)).isEqualTo(rows(halves)).isEqualTo(spark);
    assertThat(spark).anyMatch(r -> r.isNullAt(0)).anyMatch(r -> r.isNullAt(5));
  }

  @Test
  void aFileInAnotherLayoutIsLeftToSparksReaderAndReadsTheSame() throws IOException {
    Path file = dir.resolve("int96.parquet");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "INT96");
    try {
      DayFiles.writeFile(spark, file, List.of(Bar.at(T0, 1), Bar.at(T0.plusSeconds(60), 2)));
    } finally {
      spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    }
    TimeRange range = new TimeRange(T0, T0.plusSeconds(3600));

    CandleColumns read =
        CandleColumns.fromBlocks(
            null,
            0,
            ColumnarBlocks.read(CandleReader.scan(spark, List.of(file), CandleReader.BARS), range)
                .orElseThrow());

    assertThat(DayFileBatches.read(file, 0, Files.size(file), CandleReader.BARS)).isEmpty();
    assertThat(read.size()).isEqualTo(2);
    assertThat(read.tsMicros(1)).isEqualTo(Micros.of(T0.plusSeconds(60)));
    assertThat(read.close(1)).isEqualTo(2);
  }

  @Test
  void smallLocalFilesAreDecodedHereAndLargerOnesGoToSparksReader() throws IOException {
    Path file = days.values().iterator().next();
    long size = Files.size(file);
    PartitionedFile whole =
        new PartitionedFile(
            InternalRow.empty(),
            SparkPath.fromUri(file.toUri()),
            0,
            size,
            new String[0],
            0,
            size,
            scala.collection.immutable.Map$.MODULE$.<String, Object>empty());
    Iterator<InternalRow> sparks = Iterator$.MODULE$.empty();

    Iterator<InternalRow> small =
        new DayFileReader(CandleReader.BARS, f -> sparks, size).apply(whole);
    Iterator<InternalRow> large =
        new DayFileReader(CandleReader.BARS, f -> sparks, size - 1).apply(whole);

    assertThat(large).isSameAs(sparks);
    assertThat(small).isNotSameAs(sparks);
    Object batch = small.next();
    assertThat(batch)
        .isInstanceOfSatisfying(
            ColumnarBatch.class, b -> assertThat(b.numRows()).isEqualTo(1440 / 5));
    assertThat(small.hasNext()).isFalse();
  }

  @Test
  void aTruncatedFileIsABacktestExceptionNamingIt() throws IOException {
    Path good = days.values().iterator().next();
    Path truncated = dir.resolve("cut").resolve(FEED.path()).resolve("2026-06-01.parquet");
    Files.createDirectories(truncated.getParent());
    byte[] bytes = Files.readAllBytes(good);
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
    List<DataFile> files =
        List.of(new DataFile(FEED, LocalDate.parse("2026-06-01"), truncated, "unverified"));

    assertThatThrownBy(
            () -> CandleReader.readAll(spark, files, new TimeRange(T0, T0.plusSeconds(86400))))
        .isInstanceOf(BacktestException.class)
        .hasMessageStartingWith("Spark could not read the cached file " + truncated + ": ");
  }

  @Test
  void aFileThatVanishedAfterTheCheckIsABacktestExceptionNamingIt() {
    Path gone = dir.resolve("gone").resolve(FEED.path()).resolve("2026-06-01.parquet");
    List<DataFile> files = List.of(new DataFile(FEED, LocalDate.parse("2026-06-01"), gone, "x"));

    assertThatThrownBy(
            () -> CandleReader.readAll(spark, files, new TimeRange(T0, T0.plusSeconds(86400))))
        .isInstanceOf(BacktestException.class)
        .hasMessageStartingWith("Spark could not read the cached file " + gone + ": ");
  }

  /** A file with optional columns, some nulls, and row groups of a few hundred rows. */
  private static Path nullableFile(Path target) throws IOException {
    StructType schema = new StructType();
    for (var f : CandleReader.BARS.fields()) {
      schema = schema.add(f.name(), f.dataType(), true);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Timestamp ts = i % 97 == 3 ? null : Timestamp.from(T0.plusSeconds(i));
      Double open = i % 89 == 5 ? null : 10.0 + i;
      rows.add(RowFactory.create(ts, open, 11.0 + i, 9.0 + i, 10.5 + i, i % 11 == 0 ? null : 1.0));
    }
    Path staging = target.resolveSibling("staging-" + target.getFileName());
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .option("parquet.block.size", 8192)
        .option("parquet.page.size", 1024)
        .parquet(staging.toString());
    try (Stream<Path> parts = Files.list(staging)) {
      Path part = parts.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
      return Files.move(part, target);
    }
  }

  /** Spark's own Parquet reader's rows, by {@code column} (unique in these files). */
  private static List<Row> sparkRows(List<Path> files, StructType schema, String column) {
    String[] locations = files.stream().map(p -> p.toUri().toString()).toArray(String[]::new);
    return spark.read().schema(schema).parquet(locations).orderBy(column).collectAsList();
  }

  /** The batches' rows as Spark's rows (timestamps as micros turned into {@link Timestamp}). */
  private static List<Row> rows(List<ColumnarBatch> batches) {
    List<Row> rows = new ArrayList<>();
    for (ColumnarBatch b : batches) {
      for (int r = 0; r < b.numRows(); r++) {
        Object[] values = new Object[b.numCols()];
        for (int c = 0; c < values.length; c++) {
          var v = b.column(c);
          if (!v.isNullAt(r)) {
            values[c] =
                v.dataType().equals(DataTypes.TimestampType)
                    ? Timestamp.from(Micros.toInstant(v.getLong(r)))
                    : v.getDouble(r);
          }
        }
        rows.add(RowFactory.create(values));
      }
    }
    rows.sort(Comparator.comparingDouble(r -> r.getDouble(2))); // high: unique, never null
    return rows;
  }

  private static void assertSameAsSpark(CandleColumns read, List<Row> spark) {
    assertThat(read.size()).isEqualTo(spark.size());
    for (int i = 0; i < spark.size(); i++) {
      Row r = spark.get(i);
      assertThat(read.tsMicros(i)).isEqualTo(Micros.of(r.getTimestamp(0).toInstant()));
      for (int c = 0; c < 5; c++) {
        assertThat(read.values[c][i]).as("row %d column %d", i, c).isEqualTo(r.getDouble(c + 1));
      }
    }
  }
}
