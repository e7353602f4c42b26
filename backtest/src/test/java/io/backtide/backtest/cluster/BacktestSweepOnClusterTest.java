package io.backtide.backtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.backtest.BacktestResult;
import io.backtide.backtest.BacktestRunner;
import io.backtide.backtest.BacktestSweep;
import io.backtide.backtest.SweepFixtures;
import io.backtide.backtest.SweepResult;
import io.backtide.backtest.TestSpark;
import io.backtide.core.FeedKey;
import io.backtide.jobs.testing.SparkHome;
import io.backtide.jobs.testing.StandaloneCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep whose session is connected to a real standalone master with two workers (1 core each):
 * the sets run on both executors and give what the runner gives locally, set by set.
 */
class BacktestSweepOnClusterTest {

  private static final Duration EXECUTORS_UP = Duration.ofSeconds(90);

  /** fast 3, slow 20 and 45, with and without a throwing predict(). */
  private static final List<Map<String, Object>> SETS = SweepFixtures.grid().subList(0, 4);

  @TempDir static Path dir;
  static Path cache;
  static FeedKey feed;
  static StandaloneCluster cluster;
  static Map<Map<String, Object>, Map<String, Number>> expected = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() {
    cache = dir.resolve("cache");
    SparkSession local = TestSpark.start(dir.resolve("local"));
    try {
      feed = SweepFixtures.randomWalk(local, cache, "CLUSTER");
      for (Map<String, Object> set : SETS) {
        expected.put(set, runAlone(local, set).metrics());
      }
    } finally {
      local.stop();
    }
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, SparkHome.classpathOfThisJvm());
  }

  @AfterAll
  static void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void setsRunOnBothExecutorsAndEqualLocalRunsSetBySet() throws Exception {
    SparkSession spark = clusterSession();
    try {
      awaitExecutors(spark, 2);

      SweepResult result =
          BacktestSweep.builder(SweepFixtures::tracker)
              .feed(feed)
              .window(45)
              .predictEvery(Duration.ofMinutes(5))
              .resolveAfter(Duration.ofMinutes(10))
              .cacheDir(cache)
              .spark(spark)
              .parameters(SETS)
              .build()
              .run(SweepFixtures.START, SweepFixtures.END);

      List<Row> rows = result.rows();
      assertThat(rows).hasSize(expected.size());
      int[] i = {0};
      for (Map.Entry<Map<String, Object>, Map<String, Number>> set : expected.entrySet()) {
        Map<String, Number> metrics = new LinkedHashMap<>();
        result.metricNames().forEach(name -> metrics.put(name, rows.get(i[0]).getAs(name)));
        assertThat(metrics).as("set %s", set.getKey()).isEqualTo(set.getValue());
        i[0]++;
      }
      assertThat(rows)
          .extracting(r -> r.<String>getAs("executor"))
          .as("the sets are spread over the two workers' executors")
          .doesNotContain("driver")
          .containsOnly("0", "1")
          .contains("0", "1");
    } finally {
      spark.stop();
    }
    assertThat(cluster.state().path("completedapps").get(0).path("name").asText())
        .isEqualTo("backtest-sweep-on-cluster");
  }

  private static BacktestResult runAlone(SparkSession spark, Map<String, Object> set) {
    return BacktestRunner.builder(SweepFixtures.tracker(set))
        .feed(feed)
        .window(45)
        .predictEvery(Duration.ofMinutes(5))
        .resolveAfter(Duration.ofMinutes(10))
        .cacheDir(cache)
        .spark(spark)
        .build()
        .run(SweepFixtures.START, SweepFixtures.END);
  }

  private static SparkSession clusterSession() {
    return SparkSession.builder()
        .master(cluster.masterUrl())
        .appName("backtest-sweep-on-cluster")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.memory", "768m")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", dir.resolve("spark-local").toString())
        .getOrCreate();
  }

  /** The job would start on whichever executor registers first: wait for both. */
  private static void awaitExecutors(SparkSession spark, int count) throws InterruptedException {
    long deadline = System.nanoTime() + EXECUTORS_UP.toNanos();
    while (spark.sparkContext().getExecutorMemoryStatus().size() < count + 1) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            count + " executors not up after " + EXECUTORS_UP + ": " + cluster.state());
      }
      Thread.sleep(200);
    }
  }
}
