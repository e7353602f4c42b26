package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.backtide.core.FeedKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden replays of small hand-computable fixtures through Spark and the real runner. */
class BacktestRunnerTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir static Path dir;
  static SparkSession spark;
  static Path cache;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.start(dir);
    cache = dir.resolve("cache");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** Writes {@code bars} as the files of a fresh feed named {@code subject}. */
  static FeedKey feed(String subject, List<Bar> bars) {
    FeedKey feed = FeedKey.parse("sim/" + subject + "/candle/1m");
    DayFiles.write(spark, cache, feed, bars);
    return feed;
  }

  static BacktestRunnerBuilder runner(Tracker tracker, FeedKey feed) {
    return BacktestRunner.builder(tracker).feed(feed).cacheDir(cache).spark(spark);
  }

  static Instant minute(int m) {
    return T0.plus(MINUTE.multipliedBy(m));
  }

  @Test
  void firstPredictionIsAtTheFirstFullWindowThenEveryStep() {
    FeedKey feed = feed("FIRST", DayFiles.series(T0, MINUTE, 10, 11, 12, 13, 14, 15));
    var tracker = RecordingTracker.up();

    BacktestResult result = runner(tracker, feed).window(3).build().run("2026-01-01", "2026-01-02");

    assertThat(tracker.windowSizes()).containsExactly(1, 2, 3, 3, 3, 3);
    assertThat(tracker.predictedAt).containsExactly(minute(2), minute(3), minute(4), minute(5));
    assertThat(tracker.scopes.get(0))
        .isEqualTo(new PredictionScope("FIRST", Duration.ofSeconds(60), Duration.ofSeconds(60)));
    assertThat(result.predictionList())
        .extracting(PredictionRow::ts)
        .containsExactly(minute(2), minute(3), minute(4), minute(5));
    assertThat(result.candles()).isEqualTo(6);
  }

  @Test
  void withoutASessionTheRunnerUsesTheCallersAsItIs() {
    FeedKey feed = feed("OWN", DayFiles.series(T0, MINUTE, 10, 11, 12, 13, 14, 15));
    BacktestResult given = runner(RecordingTracker.up(), feed).window(3).build().run(T0, minute(6));
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    spark.conf().set("spark.sql.shuffle.partitions", "3");
    try {
      var tracker = RecordingTracker.up();
      BacktestResult own =
          BacktestRunner.builder(tracker)
              .feed(feed)
              .cacheDir(cache)
              .window(3)
              .build()
              .run(T0, minute(6));

      assertThat(spark.conf().get("spark.sql.session.timeZone")).isEqualTo("America/New_York");
      assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("3");
      assertThat(tracker.ticks.get(0).asOf()).isEqualTo(T0);
      assertThat(own.candles()).isEqualTo(6);
      assertThat(own.metrics()).isEqualTo(given.metrics());
    } finally {
      spark.conf().set("spark.sql.session.timeZone", "UTC");
      spark.conf().set("spark.sql.shuffle.partitions", "2");
    }
  }

  @Test
  void windowAtTheStartHoldsTheCandlesSoFarOldestFirst() {
    FeedKey feed = feed("WINDOW", DayFiles.series(T0, MINUTE, 10, 11, 12, 13, 14));
    var tracker = RecordingTracker.up();

    runner(tracker, feed).window(3).build().run("2026-01-01", "2026-01-02");

    assertThat(tracker.ticks.get(0).candles().closes()).containsExactly(10.0);
    assertThat(tracker.ticks.get(1).candles().closes()).containsExactly(10.0, 11.0);
    assertThat(tracker.ticks.get(3).candles().closes()).containsExactly(11.0, 12.0, 13.0);
    TickData last = tracker.ticks.get(4);
    assertThat(last.symbol()).isEqualTo("WINDOW");
    assertThat(last.asOf()).isEqualTo(minute(4));
    assertThat(last.candles().time(0)).isEqualTo(minute(2));
    assertThat(last.candles().lastClose()).isEqualTo(14.0);
  }

  @Test
  void irregularTimestampsShiftTheScheduleToTheFirstCandleAStepLater() {
    List<Bar> bars =
        List.of(
            Bar.at(T0, 10),
            Bar.at(T0.plusSeconds(30), 11),
            Bar.at(T0.plusSeconds(70), 12),
            Bar.at(T0.plusSeconds(100), 13),
            Bar.at(T0.plusSeconds(130), 14),
            Bar.at(T0.plusSeconds(200), 15));
    FeedKey feed = feed("IRREGULAR", bars);
    var tracker = RecordingTracker.up();

    runner(tracker, feed).window(1).build().run("2026-01-01", "2026-01-02");

    assertThat(tracker.predictedAt)
        .containsExactly(T0, T0.plusSeconds(70), T0.plusSeconds(130), T0.plusSeconds(200));
  }

  @Test
  void resolutionUsesTheCloseExactlyAtTheHorizonAndScoresDirectionally() {
    FeedKey feed = feed("EXACT", DayFiles.series(T0, MINUTE, 100, 101, 99, 102, 102));

    BacktestResult result =
        runner(RecordingTracker.up(), feed).window(1).build().run("2026-01-01", "2026-01-02");

    List<PredictionRow> rows = result.predictionList();
    assertThat(rows)
        .extracting(PredictionRow::entryPrice)
        .containsExactly(100.0, 101.0, 99.0, 102.0, 102.0);
    assertThat(rows.subList(0, 4))
        .extracting(PredictionRow::resolvedPrice)
        .containsExactly(101.0, 99.0, 102.0, 102.0);
    assertThat(rows.get(1).ret()).isCloseTo(99.0 / 101.0 - 1, within(1e-15));
    assertThat(rows.subList(0, 4))
        .extracting(PredictionRow::score)
        .containsExactly(1.0, -1.0, 1.0, 0.0);
    assertThat(rows.get(4).outcome()).isEqualTo(Outcome.UNRESOLVED);
    assertThat(rows.get(4).failedReason())
        .contains("no candle at or after 2026-01-01T00:05:00Z in the data");
    assertThat(result.metric("score_recent")).isCloseTo(0.25, within(1e-12));
    assertThat(result.metric("hit_rate")).isCloseTo(0.5, within(1e-12));
    assertThat(result.metrics())
        .containsEntry("predictions", 5)
        .containsEntry("scored", 4)
        .containsEntry("unresolved", 1)
        .containsEntry("failed", 0);
  }

  @Test
  void longerHorizonResolvesAgainstTheCandleAtTheTarget() {
    FeedKey feed = feed("HORIZON", DayFiles.series(T0, MINUTE, 100, 101, 99, 102, 102));

    BacktestResult result =
        runner(RecordingTracker.up(), feed)
            .window(1)
            .resolveAfter(Duration.ofMinutes(2))
            .build()
            .run("2026-01-01", "2026-01-02");

    assertThat(result.predictionList())
        .extracting(PredictionRow::resolvedPrice)
        .startsWith(99.0, 102.0, 102.0);
    assertThat(result.predictionList())
        .extracting(PredictionRow::outcome)
        .containsExactly(
            Outcome.SCORED, Outcome.SCORED, Outcome.SCORED, Outcome.UNRESOLVED, Outcome.UNRESOLVED);
  }

  @Test
  void aGapAfterTheTargetLeavesThePredictionUnresolved() {
    List<Bar> bars =
        List.of(
            Bar.at(minute(0), 10),
            Bar.at(minute(1), 11),
            Bar.at(minute(2), 12),
            Bar.at(minute(10), 13),
            Bar.at(minute(11), 14));
    FeedKey feed = feed("GAP", bars);

    BacktestResult result =
        runner(RecordingTracker.up(), feed).window(1).build().run("2026-01-01", "2026-01-02");

    PredictionRow beforeGap = result.predictionList().get(2);
    assertThat(beforeGap.ts()).isEqualTo(minute(2));
    assertThat(beforeGap.outcome()).isEqualTo(Outcome.UNRESOLVED);
    assertThat(beforeGap.failedReason())
        .contains(
            "data gap: the first candle at or after 2026-01-01T00:03:00Z is at"
                + " 2026-01-01T00:10:00Z, more than maxResolveLag PT1M later");
    assertThat(result.predictionList().get(3).outcome()).isEqualTo(Outcome.SCORED);
  }

  @Test
  void aLateCandleWithinMaxResolveLagStillResolves() {
    List<Bar> bars =
        List.of(Bar.at(minute(0), 10), Bar.at(minute(1).plusSeconds(45), 12), Bar.at(minute(5), 9));
    FeedKey feed = feed("LAG", bars);

    BacktestResult result =
        runner(RecordingTracker.up(), feed)
            .window(1)
            .maxResolveLag(Duration.ofSeconds(45))
            .build()
            .run("2026-01-01", "2026-01-02");

    assertThat(result.predictionList().get(0).resolvedPrice()).isEqualTo(12.0);
    assertThat(result.predictionList().get(0).outcome()).isEqualTo(Outcome.SCORED);
    assertThat(result.predictionList().get(1).outcome()).isEqualTo(Outcome.UNRESOLVED);
  }

  @Test
  void nanCloseLeavesThePredictionsThatNeedItUnresolved() {
    List<Bar> bars =
        List.of(
            Bar.at(minute(0), 10),
            Bar.at(minute(1), Double.NaN),
            Bar.at(minute(2), 12),
            Bar.at(minute(3), 13));
    FeedKey feed = feed("NAN", bars);

    BacktestResult result =
        runner(RecordingTracker.up(), feed).window(1).build().run("2026-01-01", "2026-01-02");

    List<PredictionRow> rows = result.predictionList();
    assertThat(rows.get(0).failedReason())
        .contains("resolved price is missing (close NaN at 2026-01-01T00:01:00Z)");
    assertThat(rows.get(1).failedReason())
        .contains("entry price is missing (close NaN at 2026-01-01T00:01:00Z)");
    assertThat(rows.get(2).outcome()).isEqualTo(Outcome.SCORED);
    assertThat(result.metrics()).containsEntry("unresolved", 3).containsEntry("scored", 1);
  }

  @Test
  void trackerExceptionsAreRecordedAndTheRunGoesOn() {
    FeedKey feed = feed("THROWS", DayFiles.series(T0, MINUTE, 10, 11, 12, 13));
    AtomicInteger calls = new AtomicInteger();
    Tracker tracker =
        new Tracker() {
          @Override
          public void tick(TickData data) {
            if (data.asOf().equals(minute(3))) {
              throw new IllegalStateException("tick broke");
            }
          }

          @Override
          public Prediction predict(PredictionScope scope) {
            int n = calls.incrementAndGet();
            if (n == 2) {
              throw new IllegalStateException("boom");
            }
            return n == 3 ? null : Prediction.of(1.0);
          }
        };

    BacktestResult result = runner(tracker, feed).window(1).build().run("2026-01-01", "2026-01-02");

    assertThat(result.predictionList())
        .extracting(PredictionRow::outcome)
        .containsExactly(Outcome.SCORED, Outcome.FAILED, Outcome.FAILED, Outcome.UNRESOLVED);
    assertThat(result.predictionList().get(1).failedReason())
        .contains("tracker threw IllegalStateException: boom");
    assertThat(result.predictionList().get(2).failedReason()).contains("tracker returned null");
    assertThat(result.metrics()).containsEntry("failed", 2).containsEntry("tick_failures", 1);
    assertThat(result.config())
        .containsEntry(
            "first_tick_failure",
            "tick at 2026-01-01T00:03:00Z threw IllegalStateException: tick broke");
  }

  @Test
  void scorerExceptionsAndFailuresAreRecordedOnThatPrediction() {
    FeedKey feed = feed("SCORER", DayFiles.series(T0, MINUTE, 10, 11, 12, 13));
    Scorer scorer =
        (p, truth) -> {
          if (truth.entryPrice() == 10.0) {
            throw new ArithmeticException("scorer broke");
          }
          return truth.entryPrice() == 11.0 ? Score.failed("not today") : Score.of(truth.ret());
        };

    BacktestResult result =
        runner(RecordingTracker.up(), feed)
            .window(1)
            .scorer(scorer)
            .build()
            .run("2026-01-01", "2026-01-02");

    List<PredictionRow> rows = result.predictionList();
    assertThat(rows.get(0).failedReason())
        .contains("scorer threw ArithmeticException: scorer broke");
    assertThat(rows.get(1).failedReason()).contains("scorer failed: not today");
    assertThat(rows.get(2).score()).isCloseTo(13.0 / 12.0 - 1, within(1e-15));
    assertThat(result.metrics()).containsEntry("failed", 2).containsEntry("scored", 1);
  }

  @Test
  void startAndEndInsideADayKeepExactlyTheRange() {
    FeedKey feed = feed("INSIDE", DayFiles.series(T0, MINUTE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    var tracker = RecordingTracker.up();

    BacktestResult result =
        runner(tracker, feed).window(1).build().run("2026-01-01T00:03:00Z", "2026-01-01T00:07:00Z");

    assertThat(tracker.ticks)
        .extracting(TickData::asOf)
        .containsExactly(minute(3), minute(4), minute(5), minute(6));
    assertThat(result.predictionList().get(3).outcome())
        .as("the resolving candle at 00:07 is outside the range")
        .isEqualTo(Outcome.UNRESOLVED);
  }

  @Test
  void daysAreReplayedInOrderAcrossMidnightAndListedAsTheDataVersion() {
    Instant late = Instant.parse("2026-01-01T23:58:00Z");
    FeedKey feed = feed("MIDNIGHT", DayFiles.series(late, MINUTE, 10, 11, 12, 13));
    var tracker = RecordingTracker.up();

    BacktestResult result = runner(tracker, feed).window(2).build().run("2026-01-01", "2026-01-03");

    assertThat(tracker.ticks)
        .extracting(TickData::asOf)
        .containsExactly(late, late.plusSeconds(60), late.plusSeconds(120), late.plusSeconds(180));
    assertThat(tracker.ticks.get(2).candles().closes()).containsExactly(11.0, 12.0);
    assertThat(result.predictionList().get(0).resolvedPrice()).isEqualTo(12.0);
    assertThat(result.dataVersion())
        .extracting(f -> f.date().toString())
        .containsExactly("2026-01-01", "2026-01-02");
    assertThat(result.dataVersion()).allSatisfy(f -> assertThat(f.sha256()).hasSize(64));
  }

  @Test
  void noCachedDaysIsAnErrorThatSaysHowToGetThem() {
    BacktestRunner runner =
        runner(RecordingTracker.up(), FeedKey.parse("sim/ABSENT/candle/1m")).build();

    assertThatThrownBy(() -> runner.run("2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasMessage(
            "no cached data for sim/ABSENT/candle/1m in [2026-01-01T00:00:00Z,"
                + " 2026-01-02T00:00:00Z) under "
                + cache.toAbsolutePath().normalize()
                + ": pull it first with BacktestClient.pull(...), or set coordinator(...) on the"
                + " runner so that it pulls missing days");
  }
}
