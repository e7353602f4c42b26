package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extra columns from {@code meta} on real published day files: the values a tracker sees are the
 * ones in the files' {@code meta}, for candles (Binance's kline fields) and ticks (aggTrades ids
 * and is_buyer_maker); a feed without the field fails the run naming the field and the file.
 */
class ExtraColumnsTest {

  static final Instant T0 = Instant.parse("2026-01-01T23:57:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final String[] KLINE = {
    "close_time", "quote_volume", "trades", "taker_buy_base_volume", "taker_buy_quote_volume"
  };

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

  /** The meta Binance writes for a candle, with values derived from its open time. */
  static String klineMeta(Bar b) {
    long ms = b.ts().toEpochMilli();
    long m = ms / 60_000 % 1000;
    return "{\"close_time\":"
        + (ms + 59_999)
        + ",\"quote_volume\":"
        + m
        + ".125"
        + ",\"trades\":"
        + (m * 3)
        + ",\"taker_buy_base_volume\":0.00"
        + m
        + ",\"taker_buy_quote_volume\":1.5E-"
        + (m % 7 + 1)
        + "}";
  }

  static double[] klineValues(Instant ts) {
    long ms = ts.toEpochMilli();
    long m = ms / 60_000 % 1000;
    return new double[] {
      ms + 59_999,
      Double.parseDouble(m + ".125"),
      m * 3,
      Double.parseDouble("0.00" + m),
      Double.parseDouble("1.5E-" + (m % 7 + 1))
    };
  }

  /** Records each tick's newest candle's extra columns and the window's copy of "trades". */
  static final class ExtrasTracker extends TrackerBase {
    final List<Instant> times = new ArrayList<>();
    final List<double[]> newest = new ArrayList<>();
    final List<double[]> windowTrades = new ArrayList<>();
    final List<List<String>> names = new ArrayList<>();

    @Override
    public void tick(TickData data) {
      CandleWindow w = data.candles();
      int last = w.size() - 1;
      double[] row = new double[w.extraNames().size()];
      for (int k = 0; k < row.length; k++) {
        row[k] = w.extra(w.extraNames().get(k), last);
      }
      times.add(w.time(last));
      newest.add(row);
      names.add(w.extraNames());
      if (w.extraNames().contains("trades")) {
        windowTrades.add(w.extras("trades"));
      }
    }

    @Override
    public Prediction predict(PredictionScope scope) {
      return Prediction.of(1.0);
    }
  }

  static BacktestRunnerBuilder runner(Tracker tracker, FeedKey feed) {
    return BacktestRunner.builder(tracker).feed(feed).cacheDir(cache).spark(spark);
  }

  @Test
  void trackerSeesTheKlineFieldsOfMetaAcrossDayFiles() {
    FeedKey feed = FeedKey.parse("binance/XTRAUSDT/candle/1m");
    DayFiles.write(
        spark,
        cache,
        feed,
        DayFiles.series(T0, MINUTE, 1, 2, 3, 4, 5, 6),
        ExtraColumnsTest::klineMeta);
    ExtrasTracker tracker = new ExtrasTracker();

    BacktestResult result =
        runner(tracker, feed).window(3).extraColumns(KLINE).build().run("2026-01-01", "2026-01-03");

    assertThat(tracker.times).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(tracker.names.get(i)).containsExactly(KLINE);
      assertThat(tracker.newest.get(i))
          .as("tick %d at %s", i, tracker.times.get(i))
          .containsExactly(klineValues(tracker.times.get(i)));
    }
    double[] trades = new double[6];
    for (int i = 0; i < 6; i++) {
      trades[i] = klineValues(T0.plus(MINUTE.multipliedBy(i)))[2];
    }
    assertThat(tracker.windowTrades.get(5))
        .as("the window's copy spans the day boundary, oldest first")
        .containsExactly(trades[3], trades[4], trades[5]);
    assertThat(result.config()).containsEntry("extra_columns", String.join(",", KLINE));
  }

  /** Throws in tick unless the newest candle's "trades" is the value written for it. */
  static final class CheckingTracker extends TrackerBase {
    @Override
    public void tick(TickData data) {
      CandleWindow w = data.candles();
      int last = w.size() - 1;
      if (w.extra("trades", last) != klineValues(w.time(last))[2]) {
        throw new IllegalStateException("trades of " + w.time(last) + " is wrong");
      }
    }

    @Override
    public Prediction predict(PredictionScope scope) {
      return Prediction.of(1.0);
    }
  }

  @Test
  void sweepSetsSeeTheExtraColumnsToo() {
    FeedKey feed = FeedKey.parse("binance/XTRASWEEP/candle/1m");
    DayFiles.write(
        spark,
        cache,
        feed,
        DayFiles.series(T0, MINUTE, 1, 2, 3, 4, 5, 6),
        ExtraColumnsTest::klineMeta);

    Row with =
        sweep(feed).extraColumns("trades").build().run("2026-01-01", "2026-01-03").rows().get(0);
    Row without = sweep(feed).build().run("2026-01-01", "2026-01-03").rows().get(0);

    assertThat(with.<Integer>getAs("candles")).isEqualTo(6);
    assertThat(((Number) with.getAs("tick_failures")).doubleValue()).isZero();
    assertThat(((Number) without.getAs("tick_failures")).doubleValue())
        .as("without extraColumns every tick asks for a column the window lacks")
        .isEqualTo(6.0);
  }

  static BacktestSweepBuilder sweep(FeedKey feed) {
    return BacktestSweep.builder(p -> new CheckingTracker())
        .feed(feed)
        .window(3)
        .cacheDir(cache)
        .spark(spark)
        .parameters(List.of(Map.of("k", 1)));
  }

  @Test
  void tickFeedsGiveTradeIdsAndBuyerMakerAsNumbers() {
    FeedKey feed = FeedKey.parse("binance/XTRAUSDT/tick/1s");
    Instant t = Instant.parse("2026-01-05T10:00:00Z");
    List<Bar> trades = DayFiles.series(t, Duration.ofSeconds(1), 10, 11, 12);
    DayFiles.write(
        spark,
        cache,
        feed,
        trades,
        b -> {
          long id = 9_007_199_254_740_000L + b.ts().getEpochSecond() % 60;
          return "{\"agg_trade_id\":"
              + id
              + ",\"first_trade_id\":"
              + (id * 2 % 1_000_000_000)
              + ",\"last_trade_id\":"
              + (id * 2 % 1_000_000_000 + 4)
              + ",\"is_buyer_maker\":"
              + (b.close() == 11)
              + "}";
        });
    ExtrasTracker tracker = new ExtrasTracker();

    runner(tracker, feed)
        .window(2)
        .extraColumns("is_buyer_maker", "agg_trade_id", "last_trade_id")
        .build()
        .run("2026-01-05", "2026-01-06");

    assertThat(tracker.newest).hasSize(3);
    long id0 = 9_007_199_254_740_000L;
    assertThat(tracker.newest.get(0)).containsExactly(0.0, id0, id0 * 2 % 1_000_000_000 + 4);
    assertThat(tracker.newest.get(1))
        .containsExactly(1.0, id0 + 1, (id0 + 1) * 2 % 1_000_000_000 + 4);
    assertThat(tracker.newest.get(2)[0]).isEqualTo(0.0);
  }

  @Test
  void askingASimFeedForAFieldItLacksFailsNamingFieldAndFile() {
    FeedKey feed = FeedKey.parse("sim/XTRASIM/candle/1m");
    DayFiles.write(spark, cache, feed, DayFiles.series(T0, MINUTE, 1, 2, 3, 4));

    assertThatThrownBy(
            () ->
                runner(new ExtrasTracker(), feed)
                    .extraColumns("trades")
                    .build()
                    .run("2026-01-01", "2026-01-03"))
        .isInstanceOf(BacktestException.class)
        .hasMessageContaining("no meta field 'trades'")
        .hasMessageContaining("XTRASIM")
        .hasMessageContaining("2026-01-01.parquet");
  }

  @Test
  void aFieldThatIsNotANumberFailsWithItsValue() {
    FeedKey feed = FeedKey.parse("sim/XTRATEXT/candle/1m");
    DayFiles.write(
        spark, cache, feed, DayFiles.series(T0, MINUTE, 1, 2), b -> "{\"side\":\"buy\"}");

    assertThatThrownBy(
            () ->
                runner(new ExtrasTracker(), feed)
                    .extraColumns("side")
                    .build()
                    .run("2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasMessageContaining("'side' = buy, not a number")
        .hasMessageContaining("2026-01-01.parquet");
  }

  @Test
  void byDefaultTheWindowHasNoExtraColumnsAndSaysHowToAsk() {
    FeedKey feed = FeedKey.parse("binance/XTRANONE/candle/1m");
    DayFiles.write(
        spark, cache, feed, DayFiles.series(T0, MINUTE, 1, 2), ExtraColumnsTest::klineMeta);
    RecordingTracker tracker = RecordingTracker.up();

    BacktestResult result = runner(tracker, feed).build().run("2026-01-01", "2026-01-02");

    CandleWindow w = tracker.ticks.get(0).candles();
    assertThat(w.extraNames()).isEmpty();
    assertThatThrownBy(() -> w.extra("trades", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("extraColumns(\"trades\")");
    assertThat(result.config()).doesNotContainKey("extra_columns");
  }

  @Test
  void badExtraColumnNamesAreRejectedByTheBuilder() {
    assertThatThrownBy(
            () ->
                BacktestRunner.builder(RecordingTracker.up())
                    .feed("binance/BTCUSDT/candle/1m")
                    .extraColumns("trades", "trades", "$.x")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'trades' is asked for twice")
        .hasMessageContaining("'$.x' is not a meta field name");
  }
}
