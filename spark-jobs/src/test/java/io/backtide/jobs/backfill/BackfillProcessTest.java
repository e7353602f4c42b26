package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.IndexEntry;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.binance.BinanceSource;
import io.backtide.jobs.testing.BackfillCommandLine;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinanceArchive;
import io.backtide.jobs.testing.PublishedIndexes;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestSpark;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import io.backtide.jobstore.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job as the control plane runs it: a child JVM, killed with SIGKILL and relaunched. */
class BackfillProcessTest {
  static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant END = Instant.parse("2026-01-04T00:00:00Z");

  @Test
  void killedMidRunThenResumedPublishesByteIdenticalFiles(
      @TempDir Path interrupted, @TempDir Path reference, @TempDir Path warehouse)
      throws Exception {
    try (TestDatabase db = TestDatabase.create();
        FakeBinance fake = FakeBinance.start()) {
      fake.candles("BTCUSDT", "1m", TestCandles.range(START, END, Granularity.M1, 0));
      fake.delay(Duration.ofMillis(20));
      BackfillJobRepository jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
      BackfillJob job = jobs.create(FEED, new TimeRange(START, END));

      Process first = launch(job, db, fake, interrupted);
      BackfillJob progressed = awaitFirstCommit(jobs, job, first);
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertThat(progressed.cursor()).isStrictlyBetween(START, END);
      assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

      Process second = launch(job, db, fake, interrupted);
      assertThat(second.waitFor(180, TimeUnit.SECONDS)).as("resumed run finished").isTrue();
      assertThat(second.exitValue()).isZero();
      BackfillJob done = jobs.findById(job.id()).orElseThrow();
      assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(fake.requests())
          .as("the second run starts at the stored cursor")
          .contains(klinesFrom(progressed.cursor()));

      runInProcess(db, jobs, fake, reference, warehouse);
      assertThat(hashes(interrupted)).hasSize(3).isEqualTo(hashes(reference));
    }
  }

  @Test
  void archiveDownloadsWaitInTheDataScratchFolderAndAKilledJobsAreRemoved(@TempDir Path data)
      throws Exception {
    LocalDate day = LocalDate.parse("2024-03-01");
    Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Path scratch = data.resolve("scratch");
    Path killed = Files.createDirectories(scratch.resolve("archive-" + endedPid() + "-1"));
    Files.write(killed.resolve("BTCUSDT-1m-2024-02-29.zip"), new byte[] {1, 2, 3});
    try (TestDatabase db = TestDatabase.create();
        FakeBinance rest = FakeBinance.start();
        FakeBinanceArchive archive = FakeBinanceArchive.start()) {
      List<Candle> candles =
          TestCandles.range(from, from.plusSeconds(2 * 86_400), Granularity.M1, 0);
      archive.dailyKlines("BTCUSDT", Granularity.M1, day, candles.subList(0, 1440), false);
      archive.dailyKlines(
          "BTCUSDT", Granularity.M1, day.plusDays(1), candles.subList(1440, 2880), true);
      BackfillJobRepository jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
      BackfillJob job = jobs.create(FEED, new TimeRange(from, from.plusSeconds(2 * 86_400)));

      Process p = launch(job, db, rest, archive.url().toString(), data, data.resolve("child.log"));

      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the job ended").isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(jobs.findById(job.id()).orElseThrow().recordsWritten()).isEqualTo(2880);
      assertThat(archive.requests()).as("both days from the archive").hasSize(4);
      assertThat(Files.readString(data.resolve("child.log")))
          .as("downloaded into the data folder's scratch")
          .contains("archive file BTCUSDT-1m-2024-03-01.zip verified");
      try (Stream<Path> left = Files.list(scratch)) {
        assertThat(left.map(f -> f.getFileName().toString()))
            .as("the job's own download folder and the killed job's are gone")
            .noneMatch(n -> n.startsWith("archive-"));
      }
    }
  }

  private static long endedPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static BackfillJob awaitFirstCommit(
      BackfillJobRepository jobs, BackfillJob job, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && process.isAlive()) {
      BackfillJob now = jobs.findById(job.id()).orElseThrow();
      if (now.recordsWritten() > 0) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the child made no commit (alive: " + process.isAlive() + ")");
  }

  private static Process launch(BackfillJob job, TestDatabase db, FakeBinance fake, Path data)
      throws Exception {
    return launch(
        job, db, fake, data, List.of(), data.resolve("child-" + System.nanoTime() + ".log"));
  }

  /** As the control plane launches it, fetching past days from {@code archive} first. */
  private static Process launch(
      BackfillJob job, TestDatabase db, FakeBinance rest, String archive, Path data, Path log)
      throws Exception {
    return launch(job, db, rest, data, List.of(), log, archive);
  }

  static Process launch(
      BackfillJob job,
      TestDatabase db,
      FakeBinance fake,
      Path data,
      List<String> jvmFlags,
      Path log)
      throws Exception {
    // The fake has no archive files (404): every day comes from REST, on loopback.
    return launch(job, db, fake, data, jvmFlags, log, fake.url().toString());
  }

  /**
   * Starts {@link BackfillApp} for {@code job} as the control plane does, in a child JVM with
   * {@code jvmFlags} added, its output in {@code log}.
   */
  private static Process launch(
      BackfillJob job,
      TestDatabase db,
      FakeBinance fake,
      Path data,
      List<String> jvmFlags,
      Path log,
      String archiveUrl)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a ->
                a.startsWith("--add-opens") || a.startsWith("-Djdk.") || a.startsWith("-Dio.netty"))
        .forEach(cmd::add);
    cmd.addAll(jvmFlags);
    cmd.addAll(
        List.of(
            "-Xmx1g", "-cp", System.getProperty("java.class.path"), BackfillApp.class.getName()));
    cmd.addAll(
        BackfillCommandLine.args(
            job.id(),
            data,
            db.url(),
            fake.url().toString(),
            "--archive-url",
            archiveUrl,
            "--page-size",
            "500",
            // Days of 1440 rows, handed over at most two at a time (4 x 720): the three days
            // never go in one commit, so the kill lands between two.
            "--batch-rows",
            "720",
            "--master",
            "local[2]"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void runInProcess(
      TestDatabase db, BackfillJobRepository jobs, FakeBinance fake, Path data, Path warehouse) {
    SparkSession spark = TestSpark.local("reference", warehouse);
    try {
      BackfillJob job = jobs.create(FEED, new TimeRange(START, END));
      ProviderSettings providers =
          ProviderSettings.defaults(Clock.systemUTC()).withBinanceUrl(fake.url());
      Outcome outcome =
          new Backfill(
                  spark,
                  data,
                  jobs,
                  new BinanceSource(providers),
                  RunSettings.defaults(),
                  Clock.systemUTC())
              .run(job.id());
      assertThat(outcome).isEqualTo(Outcome.COMPLETED);
    } finally {
      spark.stop();
    }
  }

  private static Map<String, String> hashes(Path data) {
    return PublishedIndexes.all(data).files().stream()
        .collect(Collectors.toMap(IndexEntry::path, IndexEntry::sha256));
  }

  private static String klinesFrom(Instant cursor) {
    return "/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime="
        + cursor.toEpochMilli()
        + "&endTime="
        + (END.toEpochMilli() - 1)
        + "&limit=500";
  }
}
