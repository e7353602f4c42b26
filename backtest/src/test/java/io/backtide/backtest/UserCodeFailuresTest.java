package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors thrown by a tracker or scorer: recorded and the run goes on, except JVM errors. */
class UserCodeFailuresTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir static Path dir;
  static SparkSession spark;
  static FeedKey feed;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.start(dir);
    feed = FeedKey.parse("sim/ERRORS/candle/1m");
    DayFiles.write(spark, dir.resolve("cache"), feed, DayFiles.series(T0, MINUTE, 10, 11, 12, 13));
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  static BacktestRunnerBuilder runner(Tracker tracker) {
    return BacktestRunner.builder(tracker)
        .feed(feed)
        .window(1)
        .cacheDir(dir.resolve("cache"))
        .spark(spark);
  }

  static BacktestResult run(BacktestRunnerBuilder builder) {
    return builder.build().run("2026-01-01", "2026-01-02");
  }

  static Instant minute(int m) {
    return T0.plus(MINUTE.multipliedBy(m));
  }

  /** Predicts "up"; {@code tick} and {@code predict} throw {@code error} at minute {@code at}. */
  static Tracker throwingAt(int at, boolean inTick, Throwable error) {
    return new TrackerBase() {
      private Instant now;

      @Override
      public void tick(TickData data) {
        now = data.asOf();
        if (inTick && now.equals(minute(at))) {
          sneakyThrow(error);
        }
        super.tick(data);
      }

      @Override
      public Prediction predict(PredictionScope scope) {
        if (!inTick && now.equals(minute(at))) {
          sneakyThrow(error);
        }
        return Prediction.of(1.0);
      }
    };
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }

  @Test
  void assertionErrorInTickIsCountedAndTheRunGoesOn() {
    BacktestResult result = run(runner(throwingAt(1, true, new AssertionError("tick invariant"))));

    assertThat(result.metrics())
        .containsEntry("tick_failures", 1)
        .containsEntry("predictions", 4)
        .containsEntry("scored", 3);
    assertThat(result.config())
        .containsEntry(
            "first_tick_failure",
            "tick at 2026-01-01T00:01:00Z threw AssertionError: tick invariant");
  }

  @Test
  void assertionErrorInPredictIsRecordedOnThatPrediction() {
    BacktestResult result =
        run(runner(throwingAt(2, false, new AssertionError("expected a full window"))));

    List<PredictionRow> rows = result.predictionList();
    assertThat(rows)
        .extracting(PredictionRow::outcome)
        .containsExactly(Outcome.SCORED, Outcome.SCORED, Outcome.FAILED, Outcome.UNRESOLVED);
    assertThat(rows.get(2).failedReason())
        .contains("tracker threw AssertionError: expected a full window");
    assertThat(result.metrics()).containsEntry("failed", 1).containsEntry("scored", 2);
  }

  @Test
  void assertionErrorInTheScorerIsRecordedOnThatPrediction() {
    Scorer scorer =
        (p, truth) -> {
          if (truth.entryPrice() == 11.0) {
            throw new AssertionError("scorer invariant");
          }
          return Score.of(truth.ret());
        };

    BacktestResult result = run(runner(RecordingTracker.up()).scorer(scorer));

    assertThat(result.predictionList().get(1).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.predictionList().get(1).failedReason())
        .contains("scorer threw AssertionError: scorer invariant");
    assertThat(result.metrics()).containsEntry("failed", 1).containsEntry("scored", 2);
  }

  @Test
  void aScorerThatComputesNanSaysSo() {
    Scorer scorer = (p, truth) -> Score.of(truth.entryPrice() == 10.0 ? Double.NaN : 1.0);

    BacktestResult result = run(runner(RecordingTracker.up()).scorer(scorer));

    PredictionRow first = result.predictionList().get(0);
    assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(first.failedReason()).contains("scorer returned NaN");
    assertThat(first.score()).isNaN();
    assertThat(result.metrics()).containsEntry("failed", 1).containsEntry("scored", 2);
  }

  @Test
  void outOfMemoryInPredictEndsTheRunNamingTheCallAndTheCandle() {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    BacktestRunner runner = runner(throwingAt(2, false, oom)).build();

    assertThatThrownBy(() -> runner.run("2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasCause(oom)
        .hasMessage(
            "tracker.predict() threw OutOfMemoryError: Java heap space at the candle of"
                + " 2026-01-01T00:02:00Z (candle 3 of the run); the run was stopped because the"
                + " JVM cannot go on safely after a VirtualMachineError: give it more memory"
                + " (-Xmx) or fix the code that failed");
  }

  @Test
  void stackOverflowInTickOrTheScorerEndsTheRunToo() {
    BacktestRunner inTick = runner(throwingAt(1, true, new StackOverflowError())).build();
    Scorer overflowing =
        (p, truth) -> {
          throw new StackOverflowError();
        };
    BacktestRunner inScorer = runner(RecordingTracker.up()).scorer(overflowing).build();

    assertThatThrownBy(() -> inTick.run("2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasMessageStartingWith(
            "tracker.tick() threw StackOverflowError at the candle of 2026-01-01T00:01:00Z"
                + " (candle 2 of the run)");
    assertThatThrownBy(() -> inScorer.run("2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasMessageStartingWith(
            "the scorer threw StackOverflowError at the candle of 2026-01-01T00:00:00Z"
                + " (candle 1 of the run)");
  }
}
