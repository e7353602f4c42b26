package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.provider.binance.BinanceSource;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinance.Scripted;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestSpark;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import io.backtide.jobstore.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: outages, stalls, resume, incremental backfills and cancel, against a fake exchange. */
class ResilientBackfillTest {
  static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant DAY4 = Instant.parse("2026-01-04T00:00:00Z");
  static final TimeRange RANGE = new TimeRange(DAY1, DAY4);

  static SparkSession spark;
  static TestDatabase db;
  static BackfillJobRepository jobs;
  FakeBinance fake;
  @TempDir Path data;

  @BeforeAll
  static void startSpark(@TempDir Path warehouse) {
    spark = TestSpark.local("resilient", warehouse);
    db = TestDatabase.create();
    jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    db.close();
  }

  @BeforeEach
  void startFake() {
    fake = FakeBinance.start();
    fake.candles("BTCUSDT", "1m", TestCandles.range(DAY1, DAY4, Granularity.M1, 0));
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void anOutageInTheMiddleOfAJobIsWaitedOutInItsFirstAttempt() {
    long[] outageEnds = {Long.MAX_VALUE};
    fake.onRequest(
        n -> {
          if (n == 3) {
            outageEnds[0] = System.nanoTime() + Duration.ofSeconds(5).toNanos();
          }
          fake.failAlways(
              System.nanoTime() < outageEnds[0] && n >= 3 ? Scripted.unavailable(1) : null);
        });

    BackfillJob job = run(jobs.create(FEED, RANGE), providers(Duration.ofMinutes(1)));

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.attempt()).isEqualTo(1);
    assertThat(job.recordsWritten()).isEqualTo(3 * 1440);
    assertThat(fake.requests().size()).as("the outage's requests, then the rest").isGreaterThan(6);
  }

  @Test
  void aHungSocketAndAGarbage200AreRetried() {
    fake.script(Scripted.hang(), Scripted.garbage(), Scripted.headersThenStall());

    BackfillJob job =
        run(
            jobs.create(FEED, RANGE),
            providers(Duration.ofMinutes(1)).withRequestTimeout(Duration.ofSeconds(1)));

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.recordsWritten()).isEqualTo(3 * 1440);
  }

  @Test
  void failedBeyondMaxOutageThenResumedWithNothingBeforeTheCursorFetchedAgain() {
    fake.onRequest(n -> fake.failAlways(n > 2 ? Scripted.serverError() : null));
    RunSettings small = RunSettings.defaults().withBatchRows(1000);

    BackfillJob failed = run(jobs.create(FEED, RANGE), providers(Duration.ofSeconds(1)), small);

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.error().orElseThrow())
        .contains("HTTP 500")
        .contains("max_outage 1 s")
        .doesNotContain("\n");
    assertThat(failed.cursor()).isAfter(DAY1);
    fake.onRequest(n -> {}).failAlways(null);
    int before = fake.requests().size();

    BackfillJob resumed = jobs.resume(failed.id());
    BackfillJob done = run(resumed, providers(Duration.ofSeconds(1)), small);

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.attempt()).isEqualTo(2);
    assertThat(done.recordsWritten()).isEqualTo(3 * 1440);
    List<String> after = fake.requests().subList(before, fake.requests().size());
    assertThat(after)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(startTime(r)).isAfterOrEqualTo(failed.cursor()));
  }

  @Test
  void aSecondBackfillOverAStoredRangeFetchesNothingUnlessAskedToRefresh() {
    BackfillJob first = run(jobs.create(FEED, RANGE), providers(Duration.ofMinutes(1)));
    int afterFirst = fake.requests().size();

    BackfillJob second = run(jobs.create(FEED, RANGE), providers(Duration.ofMinutes(1)));
    int afterSecond = fake.requests().size();
    BackfillJob refresh = run(jobs.create(FEED, RANGE, true), providers(Duration.ofMinutes(1)));

    assertThat(first.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(second.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(afterSecond).as("nothing fetched").isEqualTo(afterFirst);
    assertThat(second.activity().daysSkipped()).isEqualTo(3);
    assertThat(second.recordsWritten()).isZero();
    assertThat(refresh.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(fake.requests().size() - afterSecond).as("refetched").isEqualTo(afterFirst);
    assertThat(refresh.activity().daysSkipped()).isZero();
  }

  @Test
  void aCancelTakesEffectWithinSecondsWhileAResponseStalls() throws Exception {
    fake.failAlways(Scripted.headersThenStall());
    BackfillJob job = jobs.create(FEED, RANGE);
    CompletableFuture<BackfillJob> running =
        CompletableFuture.supplyAsync(() -> run(job, providers(Duration.ofMinutes(15))));
    while (fake.requests().isEmpty()) {
      Thread.sleep(50);
    }
    Thread.sleep(500);
    long t0 = System.nanoTime();

    jobs.requestCancel(job.id());
    BackfillJob ended = running.get();

    assertThat(ended.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aFailureBeforeTheFirstPageIsRecordedAndLeavesNoActiveJobBehind() throws Exception {
    Path index = data.resolve("published/_index.json");
    Files.createDirectories(index.getParent());
    Files.writeString(index, "not an index");

    BackfillJob failed = run(jobs.create(FEED, RANGE), providers(Duration.ofMinutes(1)));

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.error().orElseThrow()).contains("_index.json");
    assertThat(fake.requests()).isEmpty();
    assertThat(jobs.findActive()).isEmpty();
  }

  @Test
  void filesReplacedByARefreshAreVacuumedOnceTheirRetentionIsOver() throws Exception {
    RunSettings week = RunSettings.defaults();
    run(jobs.create(FEED, RANGE), providers(Duration.ofMinutes(1)), week);
    List<Path> first = dataFiles();
    List<Row> rows = tableRows();
    run(jobs.create(FEED, RANGE, true), providers(Duration.ofMinutes(1)), week);
    List<Path> kept = dataFiles();

    RunSettings none = RunSettings.defaults().withVacuumRetention(Duration.ZERO);
    BackfillJob third = run(jobs.create(FEED, RANGE, true), providers(Duration.ofMinutes(1)), none);

    assertThat(first).as("one file per day").hasSize(3);
    assertThat(kept).as("each day replaced once, the former files kept for a week").hasSize(6);
    assertThat(kept).containsAll(first);
    assertThat(third.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(dataFiles())
        .as("only the files the table's version references")
        .hasSize(3)
        .doesNotContainAnyElementsOf(kept);
    assertThat(tableRows()).as("the table reads the same rows").isEqualTo(rows);
    assertThat(logText()).as("the vacuum adds no commit").doesNotContain("VACUUM");
  }

  private BackfillJob run(BackfillJob job, ProviderSettings providers) {
    return run(job, providers, RunSettings.defaults());
  }

  private BackfillJob run(BackfillJob job, ProviderSettings providers, RunSettings settings) {
    new Backfill(spark, data, jobs, new BinanceSource(providers), settings, Clock.systemUTC())
        .run(job.id());
    return jobs.findById(job.id()).orElseThrow();
  }

  private ProviderSettings providers(Duration maxOutage) {
    return ProviderSettings.defaults(Clock.systemUTC())
        .withBinanceUrl(fake.url())
        .withRetry(new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), maxOutage));
  }

  private Path table() {
    return data.resolve("delta/candles");
  }

  private List<Row> tableRows() {
    return spark
        .read()
        .format("delta")
        .load(table().toString())
        .orderBy("ts_event")
        .collectAsList();
  }

  private String logText() throws Exception {
    try (Stream<Path> files = Files.list(table().resolve("_delta_log"))) {
      StringBuilder text = new StringBuilder();
      for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        text.append(Files.readString(f));
      }
      return text.toString();
    }
  }

  /** The table's data files on disk, referenced or not. */
  private List<Path> dataFiles() throws Exception {
    try (Stream<Path> files = Files.walk(table())) {
      return files
          .filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_delta_log"))
          .toList();
    }
  }

  private static Instant startTime(String request) {
    String ms = request.replaceAll(".*startTime=(\\d+).*", "$1");
    return Instant.ofEpochMilli(Long.parseLong(ms));
  }
}
