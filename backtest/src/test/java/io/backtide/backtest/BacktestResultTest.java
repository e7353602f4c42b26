package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.backtide.core.FeedKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result's views (Spark tables, reports, chart) and pulling through a coordinator. */
class BacktestResultTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final FeedKey FEED = FeedKey.parse("sim/VIEWS/candle/1m");

  @TempDir static Path dir;
  static SparkSession spark;
  static Path published;
  static BacktestResult result;

  @BeforeAll
  static void runOnce() {
    spark = TestSpark.start(dir);
    published = dir.resolve("published");
    // closes 100 101 99 102 102 103 and a NaN at the end: scores +1 -1 +1 0 +1, then unresolved
    List<Bar> bars =
        new java.util.ArrayList<>(
            DayFiles.series(T0, Duration.ofMinutes(1), 100, 101, 99, 102, 102, 103));
    bars.add(Bar.at(T0.plusSeconds(360), Double.NaN));
    DayFiles.write(spark, published, FEED, bars);
    result =
        BacktestRunner.builder(RecordingTracker.up())
            .feed(FEED)
            .window(1)
            .cacheDir(published)
            .spark(spark)
            .build()
            .run("2026-01-01", "2026-01-02");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void predictionsTableHasOneRowPerPredictionWithNullsForMissingValues() {
    List<Row> rows = result.predictions().orderBy("ts").collectAsList();

    assertThat(result.predictions().columns())
        .containsExactly(
            "ts",
            "output",
            "value",
            "entry_price",
            "resolved_price",
            "return",
            "score",
            "success",
            "outcome",
            "failed_reason");
    assertThat(rows).hasSize(7);
    Row first = rows.get(0);
    assertThat(first.getTimestamp(0).toInstant()).isEqualTo(T0);
    assertThat(first.getString(1)).isEqualTo("{\"value\":1.0}");
    assertThat(first.getDouble(2)).isEqualTo(1.0);
    assertThat(first.getDouble(4)).isEqualTo(101.0);
    assertThat(first.getDouble(5)).isCloseTo(0.01, within(1e-12));
    assertThat(first.getBoolean(7)).isTrue();
    assertThat(first.isNullAt(9)).isTrue();
    Row unresolved = rows.get(5);
    assertThat(unresolved.isNullAt(4)).as("NaN resolved price becomes null").isTrue();
    assertThat(unresolved.isNullAt(6)).isTrue();
    assertThat(unresolved.getString(8)).isEqualTo("unresolved");
    assertThat(unresolved.getString(9)).startsWith("resolved price is missing");
  }

  @Test
  void rollingScoresUseWindowFunctionsAndMatchTheScoreWindows() {
    List<Row> day = result.rollingScores(Duration.ofHours(24)).collectAsList();
    List<Row> twoMinutes = result.rollingScores(Duration.ofMinutes(2)).collectAsList();

    assertThat(day).extracting(r -> r.getDouble(4)).containsExactly(1.0, 0.0, 1.0, 1.0, 2.0);
    assertThat(day.get(4).getDouble(2)).isCloseTo(result.metric("score_recent"), within(1e-12));
    assertThat(day.get(4).getLong(3)).isEqualTo(5);
    // at 00:04 the last two minutes hold 00:02 (+1), 00:03 (0), 00:04 (+1)
    assertThat(twoMinutes.get(4).getDouble(2)).isCloseTo(2.0 / 3.0, within(1e-12));
    assertThat(twoMinutes.get(4).getLong(3)).isEqualTo(3);
    assertThatThrownBy(() -> result.rollingScores(Duration.ZERO))
        .hasMessage("rolling window must be positive, got PT0S");
  }

  @Test
  void metricsAreOrderedAndLookedUpByName() {
    assertThat(result.metrics().keySet())
        .containsExactly(
            "score_recent",
            "score_steady",
            "score_anchor",
            "ic",
            "ic_sharpe",
            "hit_rate",
            "mean_return",
            "max_drawdown",
            "sortino_ratio",
            "turnover",
            "predictions",
            "scored",
            "unresolved",
            "failed",
            "tick_failures");
    assertThat(result.metric("score_anchor")).isCloseTo(0.4, within(1e-12));
    assertThat(result.metric("max_drawdown")).isEqualTo(-1.0);
    assertThatThrownBy(() -> result.metric("sharpe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown metric 'sharpe': expected one of [score_recent,");
  }

  @Test
  void summaryIsABoxedReportOfSettingsDataAndMetrics() {
    String summary = result.summary();

    List<String> lines = summary.lines().toList();
    assertThat(lines.get(0)).startsWith("+--").endsWith("-+");
    assertThat(lines).allSatisfy(l -> assertThat(l).hasSize(lines.get(0).length()));
    assertThat(summary)
        .contains("| Backtest sim/VIEWS/candle/1m RecordingTracker")
        .contains("feed             sim/VIEWS/candle/1m")
        .contains("data             7 candles from 1 day file(s) 2026-01-01 .. 2026-01-01")
        .contains("score_recent     0.400000")
        .contains("predictions      7");
    assertThat(result.toString()).contains("predictions=7", "scored=5");
  }

  @Test
  void htmlHasTheMetricsSettingsAndFirstRowsEscaped() {
    String html = result.toHtml();

    assertThat(html)
        .startsWith("<div class=\"backtide-result\">")
        .contains("<tr><td>score_recent</td><td>0.400000</td></tr>")
        .contains("<tr><td>window</td><td>1</td></tr>")
        .contains("<td>{&quot;value&quot;:1.0}</td>")
        .contains("<p>7 prediction(s)</p>");
  }

  @Test
  void chartIsAPng() {
    byte[] png = result.cumulativeScoreChartPng();

    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(png.length).isGreaterThan(1000);
    assertThatThrownBy(() -> result.cumulativeScoreChartPng(10, 10))
        .hasMessage("chart size 10x10 is too small: use at least 100x100");
  }

  @Test
  void configAndDataVersionDescribeTheRun() {
    assertThat(result.config())
        .containsEntry("feed", "sim/VIEWS/candle/1m")
        .containsEntry("start", T0)
        .containsEntry("window", 1)
        .containsEntry("predict_every", Duration.ofMinutes(1))
        .containsEntry("max_resolve_lag", Duration.ofMinutes(1))
        .containsEntry("scorer", "directional")
        .containsEntry("coordinator", "none");
    assertThat(result.dataVersion())
        .singleElement()
        .satisfies(
            f -> assertThat(f.relativePath()).isEqualTo("sim/VIEWS/candle/1m/2026-01-01.parquet"));
  }

  @Test
  void runnerWithACoordinatorPullsAndThenWorksOffline() throws Exception {
    Path cache = dir.resolve("pulled-cache");
    BacktestResult online;
    try (FakeCoordinator coordinator = new FakeCoordinator()) {
      coordinator.putAll(
          published,
          java.util.Map.of(1, published.resolve("sim/VIEWS/candle/1m/2026-01-01.parquet")));
      online =
          BacktestRunner.builder(RecordingTracker.up())
              .feed(FEED)
              .window(1)
              .cacheDir(cache)
              .coordinator(coordinator.uri())
              .spark(spark)
              .build()
              .run("2026-01-01", "2026-01-02");
      assertThat(coordinator.totalDownloads()).isEqualTo(1);
    }

    BacktestResult offline =
        BacktestRunner.builder(RecordingTracker.up())
            .feed(FEED)
            .window(1)
            .cacheDir(cache)
            .spark(spark)
            .build()
            .run("2026-01-01", "2026-01-02");

    assertThat(offline.metrics()).isEqualTo(online.metrics()).isEqualTo(result.metrics());
    assertThat(offline.dataVersion())
        .extracting(DataFile::sha256)
        .isEqualTo(result.dataVersion().stream().map(DataFile::sha256).toList());
  }
}
