package io.backtide.backtest.bench;

import io.backtide.backtest.BacktestRunner;
import io.backtide.backtest.BacktestSweep;
import io.backtide.backtest.DataFile;
import io.backtide.backtest.Parameters;
import io.backtide.backtest.Scorers;
import io.backtide.backtest.SweepResult;
import io.backtide.backtest.examples.MovingAverageCrossTracker;
import io.backtide.backtest.internal.CandleColumns;
import io.backtide.backtest.internal.CandleReader;
import io.backtide.backtest.internal.ReplaySettings;
import io.backtide.backtest.internal.ScoredReplay;
import io.backtide.core.TimeRange;
import io.backtide.jobs.testing.SparkHome;
import io.backtide.jobs.testing.StandaloneCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Sweep benchmark (not a test): 64 parameter sets of {@link MovingAverageCrossTracker} over one
 * year of 1m candles (the replay bench's data). Times a serial loop of {@code BacktestRunner.run},
 * a serial loop of replays over candles read once, the sweep on {@code local[2]} and the sweep on a
 * standalone cluster of two 1-core workers; checks the sweep's metrics equal the runner's.
 */
public final class SweepBench {

  static final Duration EVERY = Duration.ofMinutes(5);
  static final int WINDOW = 120;

  private SweepBench() {}

  public static void main(String[] args) throws Exception {
    Path cache = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    boolean withCluster = !List.of(args).contains("--no-cluster");
    int serialSets = Integer.parseInt(System.getenv().getOrDefault("BENCH_SERIAL_SETS", "64"));
    List<Map<String, Object>> sets =
        Parameters.grid()
            .axis("fast", 2, 3, 5, 8, 13, 21, 34, 55)
            .axis("slow", 60, 70, 80, 90, 100, 110, 115, 120)
            .sets();
    SparkSession spark = ReplayBench.spark(work.resolve("spark-tmp"));
    spark.sparkContext().setLogLevel("WARN");
    print("load before", "%s", load());
    runner(spark, cache, sets.get(0)).run(ReplayBench.START, ReplayBench.END); // warm-up
    long t0 = System.nanoTime();
    List<Map<String, Number>> serial = new ArrayList<>();
    for (Map<String, Object> set : sets.subList(0, serialSets)) {
      serial.add(runner(spark, cache, set).run(ReplayBench.START, ReplayBench.END).metrics());
    }
    double serialS = seconds(t0) * sets.size() / serialSets;
    print(
        "serial runner loop",
        "%.1f s (%s x BacktestRunner.run%s; load %s)",
        serialS,
        serialSets,
        serialSets < sets.size() ? ", scaled to 64" : "",
        load());
    double replaysS = serialReplays(spark, cache, sets);
    print(
        "serial replays",
        "%.1f s (read once, 64 replays on one thread; load %s)",
        replaysS,
        load());
    t0 = System.nanoTime();
    SweepResult local = sweep(spark, cache, sets);
    double localS = seconds(t0);
    print(
        "sweep local[2]", "%.1f s (read %.1f s; load %s)", localS, secs(local.readTime()), load());
    print("equal to runner", "%s", equal(local, serial));
    spark.stop();
    double clusterS = withCluster ? onCluster(cache, work, sets, serial) : Double.NaN;
    print("load after", "%s", load());
    summary(serialS, replaysS, localS, clusterS);
  }

  static BacktestRunner runner(SparkSession spark, Path cache, Map<String, Object> set) {
    return BacktestRunner.builder(MovingAverageCrossTracker.factory().create(set))
        .feed(ReplayBench.FEED)
        .window(WINDOW)
        .predictEvery(EVERY)
        .resolveAfter(EVERY)
        .cacheDir(cache)
        .spark(spark)
        .build();
  }

  static SweepResult sweep(SparkSession spark, Path cache, List<Map<String, Object>> sets) {
    return BacktestSweep.builder(MovingAverageCrossTracker.factory())
        .feed(ReplayBench.FEED)
        .window(WINDOW)
        .predictEvery(EVERY)
        .resolveAfter(EVERY)
        .cacheDir(cache)
        .spark(spark)
        .parameters(sets)
        .build()
        .run(ReplayBench.START, ReplayBench.END);
  }

  /** The fastest serial loop a user could write: one read, then the replays one after another. */
  static double serialReplays(SparkSession spark, Path cache, List<Map<String, Object>> sets)
      throws IOException {
    long t0 = System.nanoTime();
    List<DataFile> files;
    try (Stream<Path> days = Files.list(cache.resolve(ReplayBench.FEED.path()))) {
      files =
          days.filter(p -> p.toString().endsWith(".parquet"))
              .sorted()
              .map(p -> new DataFile(ReplayBench.FEED, date(p), p, ""))
              .toList();
    }
    CandleColumns data =
        CandleReader.readAll(spark, files, new TimeRange(ReplayBench.START, ReplayBench.END));
    ReplaySettings settings =
        new ReplaySettings(
            ReplayBench.FEED.subject(),
            WINDOW,
            EVERY,
            EVERY,
            Duration.ofMinutes(1),
            Scorers.directional());
    for (Map<String, Object> set : sets) {
      ScoredReplay.run(MovingAverageCrossTracker.factory().create(set), data, settings);
    }
    return seconds(t0);
  }

  static double onCluster(
      Path cache, Path work, List<Map<String, Object>> sets, List<Map<String, Number>> serial)
      throws InterruptedException {
    long t0 = System.nanoTime();
    try (StandaloneCluster cluster =
        StandaloneCluster.start(work.resolve("cluster"), 2, SparkHome.classpathOfThisJvm())) {
      SparkSession spark =
          SparkSession.builder()
              .master(cluster.masterUrl())
              .appName("sweep-bench")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.ui.enabled", "false")
              .config("spark.executor.memory", "900m")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.local.dir", work.resolve("spark-tmp").toString())
              .getOrCreate();
      while (spark.sparkContext().getExecutorMemoryStatus().size() < 3) {
        Thread.sleep(200);
      }
      print("cluster start", "%.1f s (master, 2 workers, 2 executors)", seconds(t0));
      long t1 = System.nanoTime();
      SweepResult result = sweep(spark, cache, sets);
      double s = seconds(t1);
      print("sweep cluster", "%.1f s (read %.1f s; load %s)", s, secs(result.readTime()), load());
      print("equal to runner", "%s", equal(result, serial));
      spark.stop();
      return s;
    }
  }

  /** Whether the sweep's rows equal the runner's metrics for the sets the runner ran. */
  static String equal(SweepResult sweep, List<Map<String, Number>> serial) {
    for (int i = 0; i < serial.size(); i++) {
      Row row = sweep.rows().get(i);
      Map<String, Number> m = new LinkedHashMap<>();
      sweep.metricNames().forEach(name -> m.put(name, row.getAs(name)));
      if (!m.equals(serial.get(i))) {
        return "NO: set " + i + " differs";
      }
    }
    return "yes, bit for bit, for the " + serial.size() + " set(s) the runner ran";
  }

  static void summary(double serialS, double replaysS, double localS, double clusterS) {
    System.out.println();
    System.out.println("| way | wall | speed-up vs runner loop |");
    System.out.println("|---|---|---|");
    row("serial loop of BacktestRunner.run", serialS, serialS);
    row("serial loop of replays, read once", replaysS, serialS);
    row("BacktestSweep, local[2]", localS, serialS);
    row("BacktestSweep, standalone 2 x 1 core", clusterS, serialS);
    System.out.println();
    double speedup = serialS / localS;
    System.out.printf(
        Locale.ROOT,
        "%s: sweep on local[2] >= 1.8x the serial runner loop (%.2fx)%n",
        speedup >= 1.8 ? "MET" : "NOT MET",
        speedup);
    System.out.printf(
        Locale.ROOT,
        "(not a target) sweep on local[2] vs serial replays over candles read once: %.2fx%n",
        replaysS / localS);
  }

  private static void row(String way, double s, double base) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %s |%n",
        way,
        Double.isNaN(s) ? "not run" : String.format(Locale.ROOT, "%.1f s", s),
        Double.isNaN(s) ? "" : String.format(Locale.ROOT, "%.2fx", base / s));
  }

  private static java.time.LocalDate date(Path p) {
    return java.time.LocalDate.parse(p.getFileName().toString().replace(".parquet", ""));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double secs(Duration d) {
    return d.toNanos() / 1e9;
  }

  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void print(String name, String format, Object... values) {
    System.out.printf(Locale.ROOT, "%-20s " + format + "%n", prepend(name, values));
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
