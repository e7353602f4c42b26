import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.testing.ChildJvm;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.StandaloneCluster;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bulk backfill throughput (not a test): 4 feeds x 30 days of 1m (172,800 candles) from the
 * loopback fake exchange, in Spark local mode (local[2], one JVM) and on a standalone cluster of 2
 * workers x 1 core started here. Prints candles/s over the job's wall time (Spark start included)
 * for both. Arguments: the job classpath file, a work folder.
 */
public final class ClusterBench {
  static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT");
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final TimeRange RANGE = new TimeRange(START, START.plus(Duration.ofDays(30)));

  public static void main(String[] args) throws Exception {
    List<Path> cp =
        Arrays.stream(Files.readString(Path.of(args[0])).trim().split(":")).map(Path::of).toList();
    Path work = Path.of(args[1]);
    long candles = 0;
    try (TestDatabase db = TestDatabase.create();
        FakeBinance exchange = FakeBinance.start()) {
      for (int i = 0; i < SYMBOLS.size(); i++) {
        var bars = TestCandles.range(RANGE.start(), RANGE.end(), Granularity.M1, i);
        exchange.candles(SYMBOLS.get(i), "1m", bars);
        candles += bars.size();
      }
      BackfillJobRepository jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
      System.out.printf(
          "bulk backfill: %d feeds x 30 days of 1m = %,d candles%n", SYMBOLS.size(), candles);

      UUID local = jobs.create(feed(0), RANGE).id();
      long t0 = System.nanoTime();
      ChildJvm job =
          ChildJvm.start(
              "local",
              cp,
              List.of("-Xmx2g"),
              "io.backtide.jobs.bulk.BulkBackfillApp",
              appArgs(local, work.resolve("local-data"), db, exchange, "local[2]"),
              Map.of(),
              work.resolve("local.log"));
      check(job, job.waitFor(Duration.ofMinutes(15)));
      report("local[2], 1 JVM", candles, System.nanoTime() - t0);

      long c0 = System.nanoTime();
      try (StandaloneCluster cluster =
          StandaloneCluster.start(work.resolve("cluster"), 2, cp.subList(1, cp.size()))) {
        System.out.printf(
            "  cluster start (master + 2 workers): %.1f s%n", (System.nanoTime() - c0) / 1e9);
        UUID remote = jobs.create(feed(0), RANGE).id();
        List<String> submit =
            new ArrayList<>(
                List.of(
                    "--class",
                    "io.backtide.jobs.bulk.BulkBackfillApp",
                    "--conf",
                    "spark.executor.memory=768m",
                    cp.get(0).toString()));
        submit.addAll(appArgs(remote, work.resolve("cluster-data"), db, exchange, null));
        long t1 = System.nanoTime();
        ChildJvm driver = cluster.submit("bulk", submit);
        check(driver, driver.waitFor(Duration.ofMinutes(15)));
        report("standalone, 2 workers x 1 core", candles, System.nanoTime() - t1);
      }
    }
  }

  static FeedKey feed(int i) {
    return FeedKey.parse("binance/" + SYMBOLS.get(i) + "/candle/1m");
  }

  static List<String> appArgs(
      UUID job, Path data, TestDatabase db, FakeBinance exchange, String master) {
    List<String> feeds = new ArrayList<>();
    for (int i = 0; i < SYMBOLS.size(); i++) {
      feeds.add(feed(i).toString());
    }
    List<String> a =
        new ArrayList<>(
            List.of(
                "--job-id",
                job.toString(),
                "--feeds",
                String.join(",", feeds),
                "--data-dir",
                data.toString(),
                "--db-url",
                db.url(),
                "--provider-url",
                exchange.url().toString(),
                "--chunk-days",
                "5",
                "--wave-chunks",
                "24"));
    if (master != null) {
      a.addAll(List.of("--master", master));
    }
    return a;
  }

  static void check(ChildJvm jvm, int exit) {
    if (exit != 0) {
      throw new IllegalStateException(jvm.name() + " exited " + exit + ":\n" + jvm.logTail(60));
    }
  }

  static void report(String mode, long candles, long nanos) {
    double s = nanos / 1e9;
    System.out.printf(
        "  %-32s %7.1f s  %,10.0f candles/s (Spark start included)%n", mode, s, candles / s);
  }
}
