package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.backtest.Bar;
import io.backtide.backtest.DayFiles;
import io.backtide.backtest.TestSpark;
import io.backtide.core.FeedKey;
import io.backtide.core.Micros;
import io.backtide.core.TimeRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The column-batch read gives exactly what the row read of the same query gives. */
class ColumnarBlocksTest {

  static final FeedKey FEED = FeedKey.parse("sim/COLUMNS/candle/1m");

  @TempDir static Path dir;
  static SparkSession spark;
  static List<Path> paths;
  static final List<Bar> bars = new ArrayList<>();

  @BeforeAll
  static void writeThreeDays() {
    spark = TestSpark.start(dir);
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    for (int i = 0; i < 3 * 1440; i += 7) {
      double p = 100 + Math.sin(i / 50.0) * 5;
      double volume = i % 11 == 0 ? Double.NaN : i % 13;
      bars.add(new Bar(t0.plus(Duration.ofMinutes(i)), p, p + 1, p - 1, p + 0.5, volume));
    }
    paths = List.copyOf(DayFiles.write(spark, dir.resolve("cache"), FEED, bars).values());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void columnBatchesGiveTheRowReadsCandlesForARangeThatCutsTheFiles() {
    TimeRange range =
        new TimeRange(Instant.parse("2026-03-01T05:03:00Z"), Instant.parse("2026-03-03T17:00:00Z"));

    Optional<List<byte[]>> batches =
        ColumnarBlocks.read(CandleReader.scan(spark, paths, CandleReader.BARS), range);
    List<byte[]> rows =
        CandleReader.select(spark, paths, range, List.of())
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(new MetaColumns.ToBlock(List.of()))
            .collect();

    assertThat(batches).as("Parquet day files are scanned column-wise").isPresent();
    CandleColumns fromBatches = CandleColumns.fromBlocks(null, 0, batches.get());
    CandleColumns fromRows = CandleColumns.fromBlocks(null, 0, rows);
    long expected = bars.stream().filter(b -> range.contains(b.ts())).count();
    assertThat(fromBatches.size()).isEqualTo(fromRows.size()).isEqualTo((int) expected);
    assertThat(fromBatches.ts).isEqualTo(fromRows.ts);
    assertThat(fromBatches.ts[0]).isGreaterThanOrEqualTo(Micros.of(range.start()));
    for (int c = 0; c < 5; c++) { // open, high, low, close, volume
      assertThat(fromBatches.values[c]).as("column %d", c).isEqualTo(fromRows.values[c]);
    }
    assertThat(fromBatches.values[4]).as("a null volume reads as NaN").contains(Double.NaN);
  }

  @Test
  void aDayOfOneCandleAndFilesWhollyOutsideTheRangeGiveExactlyTheCandlesInIt() {
    List<Bar> days = new ArrayList<>();
    Instant d1 = Instant.parse("2026-04-01T00:00:00Z");
    for (int i = 0; i < 1440; i += 3) {
      days.add(new Bar(d1.plus(Duration.ofMinutes(i)), 1, 2, 0.5, 1 + i, 10));
    }
    days.add(new Bar(Instant.parse("2026-04-02T12:34:00Z"), 5, 6, 4, 5.5, 7)); // a day of one
    Instant d3 = Instant.parse("2026-04-03T00:00:00Z");
    for (int i = 0; i < 100; i++) {
      days.add(new Bar(d3.plus(Duration.ofMinutes(i)), 3, 4, 2, 3 + i, 1));
    }
    List<Path> files = List.copyOf(DayFiles.write(spark, dir.resolve("one"), FEED, days).values());
    TimeRange range =
        new TimeRange(Instant.parse("2026-04-02T00:00:00Z"), Instant.parse("2026-04-03T00:10:00Z"));

    CandleColumns c =
        CandleColumns.fromBlocks(
            null,
            0,
            ColumnarBlocks.read(CandleReader.scan(spark, files, CandleReader.BARS), range)
                .orElseThrow());

    assertThat(c.size()).isEqualTo(11);
    assertThat(c.tsMicros(0)).isEqualTo(Micros.of(Instant.parse("2026-04-02T12:34:00Z")));
    assertThat(c.close(0)).isEqualTo(5.5);
    assertThat(c.tsMicros(10)).isEqualTo(Micros.of(d3.plus(Duration.ofMinutes(9))));
    assertThat(c.close(10)).isEqualTo(12);
    assertThat(
            ColumnarBlocks.read(
                CandleReader.scan(spark, files.subList(0, 1), CandleReader.BARS), range))
        .as("a file wholly outside the range")
        .hasValueSatisfying(blocks -> assertThat(blocks).isEmpty());
  }
}
