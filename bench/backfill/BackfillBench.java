import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.testing.BackfillCommandLine;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backfill throughput against the loopback fake exchange (no rate limit): the job runs as a child
 * JVM exactly as the control plane launches it. Args: java, classpath file, opens flags, work dir.
 */
public final class BackfillBench {
  private static final Pattern STATS =
      Pattern.compile(
          "rows=(\\d+) pages=(\\d+) commits=(\\d+) fetch_s=([\\d.]+) write_s=([\\d.]+) publish_s=([\\d.]+)"
              + " run_s=([\\d.]+) steady_rows=(\\d+) steady_s=([\\d.]+)");

  public static void main(String[] args) throws Exception {
    String cp = Files.readString(Path.of(args[0])).trim();
    String opens = args[1];
    Path work = Path.of(args[2]);
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    System.out.printf(
        "%-34s %-8s %9s %6s %7s %8s %8s %9s %9s %8s %9s%n",
        "run",
        "mode",
        "rows",
        "pages",
        "commits",
        "fetch_s",
        "write_s",
        "publish_s",
        "rows/s*",
        "pages/s*",
        "wall_s",
        "rss_MiB");
    System.out.printf(
        "%-34s %-8s %9s %8s %12s %14s%n", "", "", "", "run_s", "rows/s run**", "rows/s steady***");
    try (TestDatabase db = TestDatabase.create();
        FakeBinance fake = FakeBinance.start()) {
      BackfillJobRepository jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
      Instant end30 = start.plusSeconds(30 * 86_400L);
      fake.candles("BTCUSDT", "1m", TestCandles.range(start, end30, Granularity.M1, 0));
      Instant end7 = start.plusSeconds(7 * 86_400L);
      fake.candles("BTCUSDT", "1s", TestCandles.range(start, end7, Granularity.S1, 0));
      for (String mode : List.of("rebuild", "merge")) {
        Path data = Files.createDirectories(work.resolve(mode));
        run(
            jobs,
            db,
            fake,
            cp,
            opens,
            data,
            "30d of 1m, empty table",
            "binance/BTCUSDT/candle/1m",
            start,
            end30,
            mode);
        run(
            jobs,
            db,
            fake,
            cp,
            opens,
            data,
            "30d of 1m again (all days exist)",
            "binance/BTCUSDT/candle/1m",
            start,
            end30,
            mode);
        run(
            jobs,
            db,
            fake,
            cp,
            opens,
            data,
            "7d of 1s, empty table",
            "binance/BTCUSDT/candle/1s",
            start,
            end7,
            mode);
        run(
            jobs,
            db,
            fake,
            cp,
            opens,
            data,
            "7d of 1s again (all days exist)",
            "binance/BTCUSDT/candle/1s",
            start,
            end7,
            mode);
        Path first = Files.createDirectories(work.resolve(mode + "-warm-first"));
        run(
            jobs,
            db,
            fake,
            cp,
            opens,
            first,
            "7d of 1s, empty, warm-up first",
            "binance/BTCUSDT/candle/1s",
            start,
            end7,
            mode,
            "--warm-up-first",
            "true");
        Path single = Files.createDirectories(work.resolve(mode + "-single"));
        run(
            jobs,
            db,
            fake,
            cp,
            opens,
            single,
            "7d of 1s, one batch, empty table",
            "binance/BTCUSDT/candle/1s",
            start,
            end7,
            mode,
            "--batch-rows",
            "1000000");
      }
      // Binance's ceiling: 6000 weight/min at weight 2 per 1000-candle page = 50 pages/s.
      fake.delay(java.time.Duration.ofMillis(20));
      Path paced = Files.createDirectories(work.resolve("paced"));
      run(
          jobs,
          db,
          fake,
          cp,
          opens,
          paced,
          "7d of 1s, exchange paced 50k/s",
          "binance/BTCUSDT/candle/1s",
          start,
          end7,
          "rebuild");
      fake.delay(java.time.Duration.ZERO);
    }
    System.out.println();
    verdict(
        "30d of 1m, empty table rebuild",
        "wall s (incl. JVM and Spark start)",
        "< 60",
        r -> r.wall < 60,
        r -> r.wall);
    verdict(
        "7d of 1s, empty, warm-up first rebuild",
        "candles/s after start-up",
        ">= 100000",
        r -> r.rows / r.run >= 100_000,
        r -> r.rows / r.run);
    verdict(
        "7d of 1s, empty, warm-up first merge",
        "candles/s after start-up",
        ">= 100000",
        r -> r.rows / r.run >= 100_000,
        r -> r.rows / r.run);
    System.out.println();
    System.out.println(
        "* rows/s and pages/s over fetch + write + publish, i.e. after Spark start-up");
    System.out.println(
        "** over the job's run after start-up (fetching overlaps committing, so less than the sum)");
    System.out.println(
        "*** rows after the first commit over the time after it (runs with more than one commit)");
  }

  /** What one run measured, by its label and mode, for the target lines. */
  private record Result(long rows, double run, double wall) {}

  private static final java.util.Map<String, Result> RESULTS = new java.util.LinkedHashMap<>();

  private static void verdict(
      String run,
      String what,
      String target,
      java.util.function.Predicate<Result> met,
      java.util.function.ToDoubleFunction<Result> value) {
    Result r = RESULTS.get(run);
    System.out.printf(
        "target %-40s %-36s %-10s %s%n",
        run,
        what,
        target,
        r == null
            ? "not run"
            : String.format("%.1f %s", value.applyAsDouble(r), met.test(r) ? "MET" : "NOT MET"));
  }

  private static void run(
      BackfillJobRepository jobs,
      TestDatabase db,
      FakeBinance fake,
      String cp,
      String opens,
      Path data,
      String label,
      String feed,
      Instant from,
      Instant to,
      String mode,
      String... extra)
      throws Exception {
    // BENCH_ONLY="7d of 1s, empty table rebuild" runs just the matching run(s), for profiling.
    if (!(label + " " + mode).contains(System.getenv().getOrDefault("BENCH_ONLY", ""))) {
      return;
    }
    // "again" runs rewrite days the table holds: a refresh (a plain job would skip them all).
    boolean refresh = label.contains("again");
    BackfillJob job = jobs.create(FeedKey.parse(feed), new TimeRange(from, to), refresh);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/bin/time",
                "-f",
                "MAXRSS_KB=%M",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(opens.split(" ")));
    cmd.addAll(List.of("-cp", cp, "io.backtide.jobs.backfill.BackfillApp"));
    cmd.addAll(
        BackfillCommandLine.args(
            job.id(),
            data,
            db.url(),
            fake.url().toString(),
            "--write-mode",
            mode,
            "--archive",
            "false"));
    cmd.addAll(List.of(extra));
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("run-" + job.id() + ".log").toFile())
            .start();
    int code = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    String log = Files.readString(data.resolve("run-" + job.id() + ".log"));
    Matcher m = STATS.matcher(log);
    Matcher rss = Pattern.compile("MAXRSS_KB=(\\d+)").matcher(log);
    if (code != 0 || !m.find()) {
      System.out.println(label + ": exit " + code + "; last lines of its log:");
      List<String> lines = log.lines().toList();
      lines
          .subList(Math.max(0, lines.size() - 15), lines.size())
          .forEach(l -> System.out.println("  " + l));
      jobs.fail(job.id(), "benchmark run failed");
      return;
    }
    log.lines()
        .filter(l -> l.contains("write phases") || l.contains("warm-up") || l.contains("day files"))
        .forEach(l -> System.out.println("    " + l));
    long rows = Long.parseLong(m.group(1));
    long pages = Long.parseLong(m.group(2));
    double busy =
        Double.parseDouble(m.group(4))
            + Double.parseDouble(m.group(5))
            + Double.parseDouble(m.group(6));
    System.out.printf(
        "%-34s %-8s %9d %6d %7s %8s %8s %9s %9.0f %8.1f %9.1f %8d%n",
        label,
        mode,
        rows,
        pages,
        m.group(3),
        m.group(4),
        m.group(5),
        m.group(6),
        rows / busy,
        pages / busy,
        wall,
        rss.find() ? Long.parseLong(rss.group(1)) / 1024 : -1);
    double run = Double.parseDouble(m.group(7));
    RESULTS.put(label + " " + mode, new Result(rows, run, wall));
    double steady = Double.parseDouble(m.group(9));
    System.out.printf(
        "%-34s %-8s %9s %8.3f %12.0f %14s%n",
        "",
        "",
        "",
        run,
        rows / run,
        steady > 0 ? String.format("%.0f", Long.parseLong(m.group(8)) / steady) : "-");
  }
}
