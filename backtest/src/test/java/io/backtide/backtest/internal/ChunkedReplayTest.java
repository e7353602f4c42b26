package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.backtest.Bar;
import io.backtide.backtest.DataFile;
import io.backtide.backtest.DayFiles;
import io.backtide.backtest.Prediction;
import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.Scorers;
import io.backtide.backtest.TestSpark;
import io.backtide.backtest.TickData;
import io.backtide.backtest.Tracker;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading in chunks of days carries the window and pending predictions across the boundaries. */
class ChunkedReplayTest {

  static final FeedKey FEED = FeedKey.parse("sim/CHUNKS/candle/1m");
  static final TimeRange RANGE = TimeRange.parse("2026-01-01", "2026-01-04");

  @TempDir static Path dir;
  static SparkSession spark;
  static List<DataFile> files = new ArrayList<>();

  @BeforeAll
  static void writeThreeDaysEndingAndStartingNearMidnight() {
    spark = TestSpark.start(dir);
    List<Bar> bars = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      Instant late = Instant.parse("2026-01-01T23:55:00Z").plus(Duration.ofDays(d));
      bars.addAll(
          DayFiles.series(late.minus(Duration.ofHours(23)), Duration.ofMinutes(7), 5, 6, 4));
      bars.addAll(DayFiles.series(late, Duration.ofMinutes(1), 10 + d, 12, 9, 11, 13, 12, 14));
    }
    bars.sort(java.util.Comparator.comparing(Bar::ts));
    Map<LocalDate, Path> written = DayFiles.write(spark, dir.resolve("cache"), FEED, bars);
    written.forEach((day, path) -> files.add(new DataFile(FEED, day, path, "")));
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** Records every window it sees and predicts the window's return. */
  static final class Windows implements Tracker {
    final List<String> seen = new ArrayList<>();
    private TickData last;

    @Override
    public void tick(TickData data) {
      last = data;
      seen.add(data.asOf() + " " + java.util.Arrays.toString(data.candles().closes()));
    }

    @Override
    public Prediction predict(PredictionScope scope) {
      return Prediction.of(last.candles().lastClose() / last.candles().close(0) - 1);
    }
  }

  static ReplayOutput replay(Windows tracker, long chunkBytes) {
    ReplaySettings settings =
        new ReplaySettings(
            "CHUNKS",
            4,
            Duration.ofMinutes(2),
            Duration.ofMinutes(3),
            Duration.ofMinutes(1),
            Scorers.directional());
    try (CandleReader reader = new CandleReader(spark, files, RANGE, 3, chunkBytes)) {
      return Replay.run(tracker, reader, settings);
    }
  }

  @Test
  void blocksArePutInOrderAfterTheCarriedCandles() {
    CandleColumns first = columns(1, 2, 3, 4);
    CandleColumns next =
        CandleColumns.fromBlocks(
            first,
            2,
            List.of(columns(9, 10).toBlock(), columns().toBlock(), columns(5, 6, 7).toBlock()));

    assertThat(times(next)).containsExactly(3, 4, 5, 6, 7, 9, 10);
    assertThat(next.close(2)).isEqualTo(50.0);
    assertThat(
            times(
                CandleColumns.fromBlocks(
                    null, 2, List.of(columns(4, 8).toBlock(), columns(2, 6).toBlock()))))
        .as("overlapping blocks get a full sort")
        .containsExactly(2, 4, 6, 8);
  }

  static CandleColumns columns(long... ts) {
    CandleColumns.Builder b = CandleColumns.builder();
    for (long t : ts) {
      b.add(t, t, t, t, t * 10, 1);
    }
    return b.build();
  }

  static long[] times(CandleColumns c) {
    return java.util.stream.IntStream.range(0, c.size()).mapToLong(c::tsMicros).toArray();
  }

  @Test
  void oneChunkPerDayGivesTheSameTicksAndPredictionsAsOneChunk() {
    Windows whole = new Windows();
    Windows perDay = new Windows();

    ReplayOutput one = replay(whole, Long.MAX_VALUE);
    ReplayOutput chunked = replay(perDay, 1);

    // 10 candles a day, but the last two of 2026-01-03 fall on 2026-01-04, outside the range
    assertThat(one.candles()).isEqualTo(28);
    assertThat(chunked.candles()).isEqualTo(28);
    assertThat(perDay.seen).isEqualTo(whole.seen);
    assertThat(chunked.rows().asList()).isEqualTo(one.rows().asList());
    assertThat(one.rows().size()).isGreaterThan(10);
    assertThat(one.rows().asList())
        .as("predictions just before midnight resolve against the next day's candles")
        .anySatisfy(
            r -> {
              assertThat(r.ts()).isEqualTo(Instant.parse("2026-01-01T23:57:00Z"));
              assertThat(r.resolvedPrice()).isEqualTo(12.0);
              assertThat(r.success()).isTrue();
            });
    assertThat(Metrics.compute(chunked.rows(), 0)).isEqualTo(Metrics.compute(one.rows(), 0));
    assertThat(Metrics.compute(one.rows(), 0))
        .as("the columns give the same metrics as the rows")
        .isEqualTo(Metrics.compute(one.rows().asList(), 0));
  }
}
