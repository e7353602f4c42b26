package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps on local[2] against the real runner, one parameter set at a time. */
class BacktestSweepTest {

  @TempDir static Path dir;
  static SparkSession spark;
  static Path cache;
  static FeedKey feed;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.start(dir);
    cache = dir.resolve("cache");
    feed = SweepFixtures.randomWalk(spark, cache, "WALK");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  static BacktestSweepBuilder sweep(TrackerFactory factory) {
    return BacktestSweep.builder(factory)
        .feed(feed)
        .window(45)
        .predictEvery(Duration.ofMinutes(5))
        .resolveAfter(Duration.ofMinutes(10))
        .cacheDir(cache)
        .spark(spark);
  }

  @Test
  void everySetEqualsBitForBitWhatTheRunnerGivesForItAlone() {
    List<Map<String, Object>> sets = SweepFixtures.grid();

    SweepResult result =
        sweep(SweepFixtures::tracker)
            .parameters(sets)
            .build()
            .run(SweepFixtures.START, SweepFixtures.END);

    List<Row> rows = result.toDataset().orderBy("set").collectAsList();
    assertThat(rows).hasSize(8);
    for (int i = 0; i < sets.size(); i++) {
      BacktestResult alone =
          BacktestRunner.builder(SweepFixtures.tracker(sets.get(i)))
              .feed(feed)
              .window(45)
              .predictEvery(Duration.ofMinutes(5))
              .resolveAfter(Duration.ofMinutes(10))
              .cacheDir(cache)
              .spark(spark)
              .build()
              .run(SweepFixtures.START, SweepFixtures.END);
      Row row = rows.get(i);
      assertThat(row.<Integer>getAs("set")).isEqualTo(i);
      assertThat(parameters(row)).as("set %d", i).isEqualTo(sets.get(i));
      assertThat(metrics(row, result.metricNames()))
          .as("set %d %s", i, sets.get(i))
          .isEqualTo(alone.metrics());
      assertThat(row.<Integer>getAs("candles")).isEqualTo(alone.candles()).isEqualTo(2860);
    }
    assertThat(rows.get(1).<Integer>getAs("failed"))
        .as("failEvery 7: a throwing predict() is recorded, not fatal")
        .isPositive();
    assertThat(rows.get(0).<Integer>getAs("failed")).isZero();
    assertThat(rows.get(0).<Integer>getAs("scored")).isGreaterThan(500);
  }

  @Test
  void fingerprintPinsTheSetAndTheDataAndRepeats() {
    List<Map<String, Object>> two = SweepFixtures.grid().subList(0, 2);
    List<Row> first =
        sweep(SweepFixtures::tracker)
            .parameters(two)
            .build()
            .run(SweepFixtures.START, SweepFixtures.END)
            .rows();
    List<Row> again =
        sweep(SweepFixtures::tracker)
            .parameters(two)
            .build()
            .run(SweepFixtures.START, SweepFixtures.END)
            .rows();
    List<Row> shorter =
        sweep(SweepFixtures::tracker)
            .parameters(two)
            .build()
            .run(SweepFixtures.START, "2026-01-02")
            .rows();

    List<String> prints = first.stream().map(r -> r.<String>getAs("fingerprint")).toList();
    assertThat(prints).allMatch(f -> f.matches("[0-9a-f]{64}"));
    assertThat(prints.get(0)).as("two sets, two fingerprints").isNotEqualTo(prints.get(1));
    assertThat(again).extracting(r -> r.<String>getAs("fingerprint")).isEqualTo(prints);
    assertThat(shorter)
        .extracting(r -> r.<String>getAs("fingerprint"))
        .as("other days read, other fingerprints")
        .doesNotContainAnyElementsOf(prints);
  }

  @Test
  void resultColumnsAreTypedSetParametersMetricsThenCounts() {
    SweepResult result =
        sweep(SweepFixtures::tracker)
            .parameters(SweepFixtures.grid().subList(0, 2))
            .build()
            .run(SweepFixtures.START, SweepFixtures.END);

    var schema = result.toDataset().schema();
    assertThat(schema.fieldNames())
        .containsExactly(
            "set",
            "fast",
            "slow",
            "failEvery",
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
            "tick_failures",
            "candles",
            "replay_ms",
            "executor",
            "fingerprint");
    assertThat(schema.apply("fast").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(schema.apply("ic").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(schema.apply("scored").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(result.rows()).extracting(r -> r.<String>getAs("executor")).containsOnly("driver");
    assertThat(result.dataVersion()).hasSize(2);
  }

  @Test
  void theCandlesAreReadOnceAndEachSetIsOneTaskOfOneJob() throws Exception {
    List<Integer> stageTasks = new CopyOnWriteArrayList<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onStageCompleted(SparkListenerStageCompleted stage) {
            stageTasks.add(stage.stageInfo().numTasks());
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      sweep(SweepFixtures::tracker)
          .parameters(SweepFixtures.grid())
          .build()
          .run(SweepFixtures.START, SweepFixtures.END);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(stageTasks)
        .as("one read of the two day files, then one stage of 8 replays")
        .hasSize(2)
        .last()
        .isEqualTo(8);
  }

  @Test
  void bestIsTheHighestValueOfTheMetricAndHtmlMarksIt() {
    SweepResult result =
        sweep(SweepFixtures::tracker)
            .parameters(SweepFixtures.grid())
            .build()
            .run(SweepFixtures.START, SweepFixtures.END);

    double top =
        result.rows().stream().mapToDouble(r -> r.<Double>getAs("hit_rate")).max().orElseThrow();
    Row best = result.best("hit_rate");
    assertThat(best.<Double>getAs("hit_rate")).isEqualTo(top);
    assertThat(result.bestParameters("hit_rate"))
        .containsExactly(
            Map.entry("fast", best.getAs("fast")),
            Map.entry("slow", best.getAs("slow")),
            Map.entry("failEvery", best.getAs("failEvery")));
    assertThat(result.best("failed").<Integer>getAs("failEvery")).isEqualTo(7);
    String html = result.toHtml("hit_rate");
    assertThat(html)
        .contains("<th>fast</th>", "<th>hit_rate</th>", "8 parameter set(s)", "best by hit_rate")
        .containsOnlyOnce("font-weight:bold");
    assertThatThrownBy(() -> result.best("sharpe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown metric 'sharpe'")
        .hasMessageContaining("hit_rate");
  }

  @Test
  void aFactoryThatThrowsFailsTheSweepNamingTheSet() {
    TrackerFactory factory =
        p -> {
          if (Parameters.intValue(p, "slow") == 45 && Parameters.intValue(p, "fast") == 8) {
            throw new IllegalArgumentException("no such model");
          }
          return SweepFixtures.tracker(p);
        };

    assertThatThrownBy(
            () ->
                sweep(factory)
                    .parameters(SweepFixtures.grid())
                    .build()
                    .run(SweepFixtures.START, SweepFixtures.END))
        .isInstanceOf(BacktestException.class)
        .hasMessageContaining("parameter set #6 {fast=8, slow=45, failEvery=0}")
        .hasMessageContaining("no such model");
  }

  @Test
  void aFactoryThatCannotBeSerializedIsRejectedAtBuild() {
    Object notSerializable = new Object();
    TrackerFactory factory = p -> notSerializable == null ? null : SweepFixtures.tracker(p);

    assertThatThrownBy(() -> sweep(factory).parameters(SweepFixtures.grid()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the tracker factory cannot be shipped to Spark executors")
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void runnerSettingsAreCheckedAsTheRunnerChecksThem() {
    assertThatThrownBy(
            () ->
                BacktestSweep.builder(SweepFixtures::tracker)
                    .window(0)
                    .parameters(SweepFixtures.grid())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feed is not set")
        .hasMessageContaining("window is 0");
  }

  static Map<String, Object> parameters(Row row) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (String name : List.of("fast", "slow", "failEvery")) {
      p.put(name, row.getAs(name));
    }
    return p;
  }

  static Map<String, Number> metrics(Row row, List<String> names) {
    Map<String, Number> m = new LinkedHashMap<>();
    names.forEach(name -> m.put(name, row.getAs(name)));
    return m;
  }
}
