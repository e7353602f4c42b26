package io.backtide.backtest.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.backtide.backtest.BacktestResult;
import io.backtide.backtest.BacktestRunner;
import io.backtide.backtest.DayFiles;
import io.backtide.backtest.Outcome;
import io.backtide.backtest.PredictionRow;
import io.backtide.backtest.TestSpark;
import io.backtide.backtest.Tracker;
import io.backtide.core.FeedKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example tracker through the real runner on fixture series whose answers are known. */
class ExampleTrackersTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.start(dir);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  static BacktestResult run(Tracker tracker, String subject, int window, double... closes) {
    FeedKey feed = FeedKey.parse("sim/" + subject + "/candle/1m");
    DayFiles.write(spark, dir.resolve("cache"), feed, DayFiles.series(T0, MINUTE, closes));
    return BacktestRunner.builder(tracker)
        .feed(feed)
        .window(window)
        .cacheDir(dir.resolve("cache"))
        .spark(spark)
        .build()
        .run("2026-01-01", "2026-01-02");
  }

  static double[] geometric(int n, double growth) {
    return IntStream.range(0, n).mapToDouble(i -> 100 * Math.pow(growth, i)).toArray();
  }

  @Test
  void momentumFollowsASteadyTrend() {
    BacktestResult result = run(new MomentumTracker(), "MOMENTUM", 5, geometric(30, 1.001));

    PredictionRow first = result.predictionList().get(0);
    assertThat(first.value()).isCloseTo(Math.pow(1.001, 4) - 1, within(1e-12));
    assertThat(result.metrics()).containsEntry("predictions", 26).containsEntry("scored", 25);
    assertThat(result.metric("hit_rate")).isEqualTo(1.0);
    assertThat(result.metric("score_recent")).isEqualTo(1.0);
  }

  @Test
  void meanReversionBetsOnTheReturnToTheMean() {
    double[] zigzag = IntStream.range(0, 20).mapToDouble(i -> i % 2 == 0 ? 100 : 102).toArray();

    BacktestResult result = run(new MeanReversionTracker(), "REVERT", 2, zigzag);

    PredictionRow atHigh = result.predictionList().get(0); // window (100, 102)
    assertThat(atHigh.value()).isCloseTo(101.0 / 102.0 - 1, within(1e-12));
    assertThat(atHigh.output()).containsEntry("zscore", 1.0);
    assertThat(result.predictionList())
        .filteredOn(r -> r.outcome() == Outcome.SCORED)
        .extracting(PredictionRow::score)
        .hasSize(18)
        .containsOnly(1.0);
  }

  @Test
  void volatilityRegimeFollowsCalmTrendsAndFadesWildMoves() {
    BacktestResult calm = run(new VolatilityRegimeTracker(), "CALM", 8, geometric(12, 1.002));
    BacktestResult wild =
        run(
            new VolatilityRegimeTracker(),
            "WILD",
            8,
            100,
            100.1,
            100.2,
            100.3,
            100,
            103,
            99,
            104,
            101);

    assertThat(calm.predictionList().get(0).output()).containsEntry("regime", "calm");
    assertThat(calm.metric("hit_rate")).isEqualTo(1.0);
    PredictionRow fading = wild.predictionList().get(0);
    assertThat(fading.output()).containsEntry("regime", "wild");
    assertThat(fading.value()).isCloseTo(-(104.0 / 100.0 - 1), within(1e-12));
    assertThat(fading.score()).as("104 -> 101 is down, as faded").isEqualTo(1.0);
  }
}
