import io.backtide.control.backfill.ConfiguredFeed;
import io.backtide.control.backfill.JobHeap;
import io.backtide.control.backfill.JobHugePages;
import io.backtide.control.backfill.JobJit;
import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.binance.ArchiveCeiling;
import io.backtide.jobs.testing.BackfillCommandLine;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinanceArchive;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.testing.TestDatabase;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Archive first against REST on the same candles: the job runs as a child JVM exactly as the
 * control plane launches it. Args: classpath file, opens flags, work dir. {@code BENCH_SMOKE=1}:
 * one month of 1m and one day of 1s, every run once, no target judged (checks that the bench works,
 * measures nothing). The job JVMs get the control plane's JIT rule ({@link JobJit}: the quick
 * compiler only for a short job) unless {@code BENCH_NO_JIT_RULE=1}, and its huge pages ({@link
 * JobHugePages}) unless {@code BENCH_NO_HUGE_PAGES=1}, and its heap with its young generation
 * ({@link JobHeap}; {@code BENCH_NO_YOUNG_SIZE=1}: the heap alone). {@code BENCH_JOB_JVM_FLAGS}:
 * extra options for the job JVMs (e.g. a JIT or class-data-sharing setting to compare; the control
 * plane does not pass them).
 */
public final class ArchiveBench {
  private static final Pattern STATS =
      Pattern.compile(
          "rows=(\\d+) pages=(\\d+) commits=(\\d+) fetch_s=([\\d.]+) write_s=([\\d.]+)"
              + " publish_s=([\\d.]+) run_s=([\\d.]+)");
  private static final Pattern PARTS =
      Pattern.compile(
          "jvm_s=([\\d.]+) session_s=([\\d.]+) session_wait_s=([\\d.]+) warmup_wait_s=([\\d.]+)"
              + " fetcher_wait_s=([\\d.]+) progress_s=([\\d.]+) vacuum_s=([\\d.]+)"
              + " cpu_s=([\\d.]+)");
  private static final List<String> PARTS_LINES = new ArrayList<>();
  private static final LocalDate YEAR = LocalDate.parse("2023-01-01");
  private static final YearMonth APRIL = YearMonth.of(2023, 4);

  /** Runs with this in their label run a first job in the same JVM, then the measured one. */
  private static final String SECOND_JOB = "warm job JVM";

  private static final boolean SMOKE = "1".equals(System.getenv("BENCH_SMOKE"));

  private record Result(long rows, double fetch, double run, double wall) {}

  private static final Map<String, Result> RESULTS = new LinkedHashMap<>();

  public static void main(String[] args) throws Exception {
    String cp = Files.readString(Path.of(args[0])).trim();
    String opens = args[1];
    Path work = Path.of(args[2]);
    try (TestDatabase db = TestDatabase.create();
        FakeBinance rest = FakeBinance.start();
        FakeBinanceArchive archive = FakeBinanceArchive.start()) {
      long t0 = System.nanoTime();
      Instant yearStart = start(YEAR);
      LocalDate yearLast = SMOKE ? YEAR.plusMonths(1) : YEAR.plusYears(1);
      Instant yearEnd = start(yearLast);
      for (YearMonth m = YearMonth.from(YEAR);
          m.isBefore(YearMonth.from(yearLast));
          m = m.plusMonths(1)) {
        List<Candle> month =
            TestCandles.range(
                start(m.atDay(1)), start(m.plusMonths(1).atDay(1)), Granularity.M1, 0);
        archive.monthlyKlines("BTCUSDT", Granularity.M1, m, month);
        rest.candles("BTCUSDT", "1m", month);
      }
      Instant aprilStart = start(APRIL.atDay(1));
      LocalDate aprilLast = SMOKE ? APRIL.atDay(2) : APRIL.plusMonths(1).atDay(1);
      Instant aprilEnd = start(aprilLast);
      for (LocalDate d = APRIL.atDay(1); d.isBefore(aprilLast); d = d.plusDays(1)) {
        List<Candle> day = TestCandles.range(start(d), start(d.plusDays(1)), Granularity.S1, 0);
        archive.dailyKlines("BTCUSDT", Granularity.S1, d, day, false);
        rest.candles("BTCUSDT", "1s", day);
      }
      System.out.printf("data built in %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
      System.out.printf(
          "%-36s %9s %6s %7s %8s %8s %9s %7s %11s %11s %7s%n",
          "run",
          "rows",
          "pages",
          "commits",
          "fetch_s",
          "write_s",
          "publish_s",
          "run_s",
          "rows/s run",
          "rows/s fetch",
          "wall_s");
      BackfillJobRepository jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
      String m1 = "binance/BTCUSDT/candle/1m";
      String s1 = "binance/BTCUSDT/candle/1s";
      String arc = archive.url().toString();
      Runs runs = new Runs(jobs, db, rest, cp, opens, work);
      runs.run("1y of 1m, archive", m1, yearStart, yearEnd, "--archive-url", arc);
      runs.run(
          "1y of 1m, archive, warm-up first",
          m1,
          yearStart,
          yearEnd,
          "--archive-url",
          arc,
          "--warm-up-first",
          "true");
      runs.run(
          "1y of 1m, archive, " + SECOND_JOB,
          m1,
          yearStart,
          yearEnd,
          "--archive-url",
          arc,
          "--warm-up-first",
          "true");
      runs.run("1y of 1m, REST", m1, yearStart, yearEnd, "--archive", "false");
      runs.run("30d of 1s, archive", s1, aprilStart, aprilEnd, "--archive-url", arc);
      runs.run(
          "30d of 1s, archive, warm-up first",
          s1,
          aprilStart,
          aprilEnd,
          "--archive-url",
          arc,
          "--warm-up-first",
          "true");
      runs.run(
          "30d of 1s, archive, " + SECOND_JOB,
          s1,
          aprilStart,
          aprilEnd,
          "--archive-url",
          arc,
          "--warm-up-first",
          "true");
      runs.run(
          "30d of 1s, REST, warm-up first",
          s1,
          aprilStart,
          aprilEnd,
          "--archive",
          "false",
          "--warm-up-first",
          "true");
      if ("warm ceiling".contains(System.getenv().getOrDefault("BENCH_ONLY", ""))) {
        ceiling(archive.url(), s1, APRIL.atDay(1), work);
      }
    }
    System.out.println();
    System.out.printf(
        "where the job's time went (s): jvm = JVM up when the run started (JVM, database, parsing);"
            + " session = creating the Spark session (its own thread, overlaps fetching); the"
            + " committer's waits for the session, the warm-up and the fetcher; progress = job row"
            + " updates; after = wall - jvm - run (Spark stop, JVM exit); cpu = the job JVM's CPU"
            + " time (all threads) at the run's end%n");
    System.out.printf(
        "%-36s %6s %7s %7s %7s %7s %7s %7s %8s %7s %6s %6s%n",
        "run",
        "jvm",
        "session",
        "s.wait",
        "w.wait",
        "f.wait",
        "write",
        "publish",
        "progress",
        "vacuum",
        "after",
        "cpu");
    PARTS_LINES.forEach(System.out::println);
    System.out.println();
    if (SMOKE) {
      System.out.println("smoke run (BENCH_SMOKE=1): 1 month of 1m, 1 day of 1s; no target judged");
      return;
    }
    verdict(
        "1y of 1m, archive",
        "wall s (incl. JVM and Spark start)",
        "< 15",
        r -> r.wall < 15,
        r -> r.wall);
    verdict(
        "30d of 1s, archive, warm-up first",
        "candles/s after start-up (run)",
        ">= 1000000",
        r -> r.rows / r.run >= 1_000_000,
        r -> r.rows / r.run);
    verdict(
        "1y of 1m, archive, warm-up first",
        "candles/s after start-up (run)",
        ">= 1000000",
        r -> r.rows / r.run >= 1_000_000,
        r -> r.rows / r.run);
    verdict(
        "30d of 1s, archive, " + SECOND_JOB,
        "candles/s, warm job JVM (run)",
        ">= 1000000",
        r -> r.rows / r.run >= 1_000_000,
        r -> r.rows / r.run);
    System.out.println();
    System.out.println(
        "rows/s run: rows over the job's run after start-up (fetching overlaps committing);");
    System.out.println(
        "rows/s fetch: rows over the time spent fetching (download, sha256, CSV or JSON).");
  }

  private static void verdict(
      String run,
      String what,
      String target,
      java.util.function.Predicate<Result> met,
      java.util.function.ToDoubleFunction<Result> value) {
    Result r = RESULTS.get(run);
    System.out.printf(
        "target %-36s %-34s %-11s %s%n",
        run,
        what,
        target,
        r == null
            ? "not run"
            : String.format("%.1f %s", value.applyAsDouble(r), met.test(r) ? "MET" : "NOT MET"));
  }

  /** What every run shares: the job store, the fakes, the job classpath and JVM options. */
  private record Runs(
      BackfillJobRepository jobs,
      TestDatabase db,
      FakeBinance rest,
      String cp,
      String opens,
      Path work) {
    void run(String label, String feed, Instant from, Instant to, String... extra)
        throws Exception {
      ArchiveBench.run(this, label, feed, from, to, extra);
    }
  }

  private static void run(
      Runs runs, String label, String feed, Instant from, Instant to, String... extra)
      throws Exception {
    if (!label.contains(System.getenv().getOrDefault("BENCH_ONLY", ""))) {
      return;
    }
    BackfillJobRepository jobs = runs.jobs();
    TestDatabase db = runs.db();
    String cp = runs.cp();
    String opens = runs.opens();
    Path work = runs.work();
    Path data = Files.createDirectories(work.resolve(label.replaceAll("[^A-Za-z0-9]+", "-")));
    boolean twice = label.contains(SECOND_JOB);
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(opens.split(" ")));
    // the heap the control plane gives a job of the feed (without it the JVM takes a quarter of
    // the machine's memory, and a 30-day 1s job spent seconds of system time growing into it)
    // and its young generation (BENCH_NO_YOUNG_SIZE=1: the JVM's own sizing, to compare)
    List<String> heap = JobHeap.options(new ConfiguredFeed(FeedKey.parse(feed), Map.of()));
    cmd.addAll("1".equals(System.getenv("BENCH_NO_YOUNG_SIZE")) ? heap.subList(0, 1) : heap);
    if (!"1".equals(System.getenv("BENCH_NO_HUGE_PAGES"))) {
      cmd.addAll(JobHugePages.options());
    }
    if (!"1".equals(System.getenv("BENCH_NO_JIT_RULE"))) {
      cmd.addAll(JobJit.options(FeedKey.parse(feed), new TimeRange(from, to)));
    }
    String flags = System.getenv().getOrDefault("BENCH_JOB_JVM_FLAGS", "").trim();
    if (!flags.isEmpty()) {
      cmd.addAll(List.of(flags.split("\\s+")));
    }
    cmd.addAll(
        List.of(
            "-cp",
            twice ? cp + File.pathSeparator + testJar() : cp,
            twice
                ? "io.backtide.jobs.backfill.SecondJobInOneJvm"
                : "io.backtide.jobs.backfill.BackfillApp"));
    // twice: the job, then (in the same JVM) the same backfill as a new job into another table
    BackfillJob job = jobs.create(FeedKey.parse(feed), new TimeRange(from, to));
    cmd.addAll(
        BackfillCommandLine.args(job.id(), data, db.url(), runs.rest().url().toString(), extra));
    long t0 = System.nanoTime();
    Path logFile = data.resolve("run.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    int code = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    String log = Files.readString(logFile);
    MatchResult m = last(STATS, log);
    if (code != 0 || m == null) {
      System.out.println(label + ": exit " + code + "; last lines of its log:");
      List<String> lines = log.lines().toList();
      lines
          .subList(Math.max(0, lines.size() - 15), lines.size())
          .forEach(l -> System.out.println("  " + l));
      return;
    }
    long rows = Long.parseLong(m.group(1));
    double fetch = Double.parseDouble(m.group(4));
    double run = Double.parseDouble(m.group(7));
    System.out.printf(
        "%-36s %9d %6s %7s %8s %8s %9s %7.2f %11.0f %11.0f %7.1f%n",
        label,
        rows,
        m.group(2),
        m.group(3),
        m.group(4),
        m.group(5),
        m.group(6),
        run,
        rows / run,
        rows / fetch,
        wall);
    RESULTS.put(label, new Result(rows, fetch, run, wall));
    MatchResult parts = last(PARTS, log);
    if (parts != null) {
      double jvm = Double.parseDouble(parts.group(1));
      PARTS_LINES.add(
          String.format(
              "%-36s %6.2f %7s %7s %7s %7s %7s %7s %8s %7s %6.2f %6s",
              label,
              jvm,
              parts.group(2),
              parts.group(3),
              parts.group(4),
              parts.group(5),
              m.group(5),
              m.group(6),
              parts.group(6),
              parts.group(7),
              wall - jvm - run,
              parts.group(8)));
    }
  }

  /** The last match of {@code pattern} in {@code log} (the second job's, in a two-job log). */
  private static MatchResult last(Pattern pattern, String log) {
    Matcher m = pattern.matcher(log);
    MatchResult last = null;
    while (m.find()) {
      last = m.toMatchResult();
    }
    return last;
  }

  /** The spark-jobs test jar on this JVM's class path (it holds {@code SecondJobInOneJvm}). */
  private static String testJar() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("backtide-spark-jobs") && e.endsWith("-tests.jar"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no spark-jobs test jar on the class path"));
  }

  /**
   * The per-candle CPU cost of sha256, parse and encode of one archive day in this (by then warm)
   * JVM, and the candles/s that 2 cores doing only that would reach: the ceiling of a job.
   */
  private static void ceiling(URI archive, String feed, LocalDate day, Path work) throws Exception {
    String name = "BTCUSDT-1s-" + day + ".zip";
    URI uri = archive.resolve("/data/spot/daily/klines/BTCUSDT/1s/" + name);
    byte[] zip =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
            .body();
    int warm = SMOKE ? 1 : 10;
    int rounds = SMOKE ? 1 : 9;
    ArchiveCeiling.Figures f =
        ArchiveCeiling.measure(
            zip,
            FeedKey.parse(feed),
            day,
            Files.createDirectories(work.resolve("ceiling")),
            warm,
            rounds);
    System.out.printf(
        "%nwarm ceiling: %s, %d candles, this thread's CPU per candle (median of %d rounds after"
            + " %d warm-up rounds): sha256 %.0f ns, parse %.0f ns, encode %.0f ns; 2 cores doing"
            + " only that, perfectly overlapped: %.0f candles/s%n",
        name, f.candles(), rounds, warm, f.shaNs(), f.parseNs(), f.encodeNs(), f.ceiling(2));
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
