package io.backtide.backtest.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_date;

import io.backtide.backtest.BacktestResult;
import io.backtide.backtest.BacktestRunner;
import io.backtide.backtest.examples.MomentumTracker;
import io.backtide.backtest.internal.CacheLayout;
import io.backtide.backtest.internal.CacheManifest;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.Sha256;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Replay benchmark (not a test). {@code generate CACHE} writes one year of synthetic 1m {@code sim}
 * candles (525,600 rows) as published daily files; {@code run CACHE} replays them with the momentum
 * tracker (window 120, a prediction every minute) and prints the figures.
 */
public final class ReplayBench {

  static final FeedKey FEED = FeedKey.parse("sim/BTCUSDT/candle/1m");
  static final FeedKey FEED_1S = FeedKey.parse("sim/BTCUSDT/candle/1s");
  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant END = Instant.parse("2026-01-01T00:00:00Z");

  private ReplayBench() {}

  public static void main(String[] args) throws IOException {
    List<String> modes = List.of("generate", "run", "first-run", "pull");
    String granularity = args.length == 3 ? args[2] : "1m";
    if (args.length < 2
        || args.length > 3
        || !modes.contains(args[0])
        || !List.of("1m", "1s").contains(granularity)) {
      System.err.println("usage: ReplayBench generate|run|first-run|pull CACHE_DIR [1m|1s]");
      System.exit(2);
    }
    Path cache = Path.of(args[1]).toAbsolutePath();
    FeedKey feed = granularity.equals("1s") ? FEED_1S : FEED;
    switch (args[0]) {
      case "generate" -> generate(cache, feed);
      case "run" -> run(cache, feed);
      case "pull" -> PullBench.run(cache, feed, Long.getLong("bench.pull.latencyMs", 20));
      default -> FirstRun.twice(cache, feed);
    }
  }

  static SparkSession spark(Path tmp) {
    return org.apache.spark.sql.classic.SparkSession.builder()
        .master("local[*]")
        .appName("replay-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.local.dir", tmp.toString())
        .getOrCreate();
  }

  static void run(Path cache, FeedKey feed) {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long t0 = System.nanoTime();
    long gcBefore = gcMillis();
    SparkSession spark = spark(cache.resolveSibling("spark-tmp"));
    long sparkStarted = System.nanoTime();
    BacktestResult result =
        BacktestRunner.builder(new MomentumTracker())
            .feed(feed)
            .window(120)
            .predictEvery(Duration.ofMinutes(1))
            .resolveAfter(Duration.ofMinutes(1))
            .cacheDir(cache)
            .build()
            .run(START, END);
    long done = System.nanoTime();
    double replaySeconds = result.replayTime().toNanos() / 1e9;
    print("candles replayed", "%d", result.candles());
    print("predictions", "%s", result.metrics().get("predictions"));
    print("replay loop", "%.3f s", replaySeconds);
    print("replay loop rows/s", "%,.0f", result.candles() / replaySeconds);
    result
        .replayCpuTime()
        .ifPresent(
            cpu -> {
              print("replay loop CPU", "%.3f s", cpu.toNanos() / 1e9);
              print("rows/s per CPU s", "%,.0f", result.candles() / (cpu.toNanos() / 1e9));
            });
    print("spark start", "%.2f s", (sparkStarted - t0) / 1e9);
    print("run() total", "%.2f s", (done - sparkStarted) / 1e9);
    print("end to end (main)", "%.2f s", (done - t0) / 1e9);
    print("end to end (JVM)", "%.2f s", (System.currentTimeMillis() - jvmStart) / 1e3);
    print("GC time (JVM)", "%.2f s", (gcMillis() - gcBefore) / 1e3);
    print("process CPU (JVM)", "%.2f s", processCpuSeconds());
    print("JIT CPU C1 / C2", "%s", jitCpu());
    print("peak RSS", "%s", peakRss());
    print("score_recent", "%.4f", result.metric("score_recent"));
    double runSeconds = (done - sparkStarted) / 1e9;
    double jvmSeconds = (System.currentTimeMillis() - jvmStart) / 1e3;
    if (feed.equals(FEED)) {
      target("read + replay of a year of 1m after Spark start", runSeconds, "s", "<", 3);
    } else {
      target("a year of 1s end to end (JVM start to result, -Xmx4g)", jvmSeconds, "s", "<", 30);
      target(
          "replay loop on a year of 1s, candles/s",
          result.candles() / replaySeconds,
          "",
          ">=",
          10e6);
    }
    spark.stop();
  }

  static void generate(Path cache, FeedKey feed) throws IOException {
    Path staging = cache.resolveSibling("staging");
    SparkSession spark = spark(cache.resolveSibling("spark-tmp"));
    long stepMicros = feed.granularity().duration().toNanos() / 1_000;
    long rows = Duration.between(START, END).toNanos() / 1_000 / stepMicros;
    Column i = col("id");
    Column close =
        lit(40_000.0)
            .multiply(
                exp(sin(i.divide(7_919.0)).multiply(0.2).plus(sin(i.divide(263.0)).multiply(0.01))))
            .multiply(lit(1.0).plus(rand(7).minus(0.5).multiply(0.002)));
    Column open = col("close").multiply(lit(1.0).plus(rand(11).minus(0.5).multiply(0.001)));
    Dataset<Row> candles =
        spark
            .range(rows)
            .select(
                timestamp_micros(
                        lit(START.getEpochSecond() * 1_000_000L).plus(i.multiply(stepMicros)))
                    .as("ts_event"),
                close.as("close"))
            .select(
                col("ts_event"),
                lit(feed.source()).as("source"),
                lit(feed.subject()).as("subject"),
                lit(feed.kind().code()).as("kind"),
                lit(feed.granularity().code()).as("granularity"),
                open.as("open"),
                col("close"))
            .select(
                col("ts_event"),
                col("source"),
                col("subject"),
                col("kind"),
                col("granularity"),
                col("open"),
                greatest(col("open"), col("close")).multiply(1.0005).as("high"),
                least(col("open"), col("close")).multiply(0.9995).as("low"),
                col("close"),
                rand(13).multiply(10).as("volume"),
                lit("{}").as("meta"),
                to_date(col("ts_event")).as("date"));
    candles
        .repartition(col("date"))
        .sortWithinPartitions("ts_event")
        .write()
        .mode("overwrite")
        .partitionBy("date")
        .parquet(staging.toString());
    int days = moveToLayout(staging, cache.resolve(feed.path()));
    recordManifest(cache, feed);
    System.out.printf("generated %d rows in %d daily files under %s%n", rows, days, cache);
    spark.stop();
  }

  /** Records the files as a pull would, so that the runs verify them as in real use. */
  private static void recordManifest(Path cache, FeedKey feed) throws IOException {
    CacheLayout layout = new CacheLayout(cache);
    List<IndexEntry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(cache.resolve(feed.path()))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList()) {
        String date = p.getFileName().toString().replace(".parquet", "");
        entries.add(
            new IndexEntry(
                feed.path() + "/" + date + ".parquet",
                date,
                -1,
                Files.size(p),
                Sha256.of(p),
                "",
                "",
                0));
      }
    }
    CacheManifest.record(layout, feed, entries);
  }

  private static int moveToLayout(Path staging, Path target) throws IOException {
    Files.createDirectories(target);
    int days = 0;
    try (Stream<Path> dirs = Files.list(staging)) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("date=")).toList()) {
        String date = dir.getFileName().toString().substring("date=".length());
        try (Stream<Path> parts = Files.list(dir)) {
          Path part =
              parts.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
          Files.move(part, target.resolve(date + ".parquet"), StandardCopyOption.REPLACE_EXISTING);
          days++;
        }
      }
    }
    return days;
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(gc -> Math.max(0, gc.getCollectionTime()))
        .sum();
  }

  /** CPU time of every thread of this JVM so far (JIT compiler and GC included). */
  static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /**
   * CPU time of the JIT compiler threads so far, C1 and C2 ({@code /proc/self/task}; threads that
   * already ended are not counted).
   */
  static String jitCpu() {
    long[] ticks = new long[2];
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String name = Files.readString(task.resolve("comm")).trim();
        int c = name.startsWith("C1 Compiler") ? 0 : name.startsWith("C2 Compiler") ? 1 : -1;
        if (c >= 0) {
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks[c] += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
    return String.format(Locale.ROOT, "%.2f / %.2f s", ticks[0] / 100.0, ticks[1] / 100.0);
  }

  private static String peakRss() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmHWM:"))
          .map(
              l ->
                  String.format(
                      Locale.ROOT, "%.0f MiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0))
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** One {@code TARGET ... MET|NOT MET} line for the script's summary. */
  static void target(String name, double value, String unit, String op, double limit) {
    boolean met = op.equals("<") ? value < limit : value >= limit;
    System.out.printf(
        Locale.ROOT,
        "TARGET %s: %,.2f%s (target %s %,.2f%s) %s%n",
        name,
        value,
        unit,
        op,
        limit,
        unit,
        met ? "MET" : "NOT MET");
  }

  private static void print(String name, String format, Object value) {
    System.out.printf(Locale.ROOT, "%-20s " + format + "%n", name, value);
  }
}
