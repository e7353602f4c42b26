package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.backtide.core.Candle;
import io.backtide.core.DataRoot;
import io.backtide.core.FeedKey;
import io.backtide.core.Gap;
import io.backtide.core.Granularity;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.core.PublishedPath;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.provider.binance.BinanceSource;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinanceArchive;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestKlines;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs against the loopback archive and the fake exchange: an archive day in milliseconds, a
 * day the archive lacks (REST), a day in microseconds, and a day inside the last two (REST).
 */
class ArchiveBackfillTest {
  static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final LocalDate D1 = LocalDate.parse("2024-12-30");
  static final LocalDate D2 = D1.plusDays(1);
  static final LocalDate D3 = D1.plusDays(2);
  static final LocalDate D4 = D1.plusDays(3);
  static final Clock NOW = Clock.fixed(start(D4.plusDays(1)).plusSeconds(3600), ZoneOffset.UTC);

  static SparkSession spark;
  static TestDatabase db;
  static BackfillJobRepository jobs;
  final FakeBinance rest = FakeBinance.start();
  final FakeBinanceArchive archive = FakeBinanceArchive.start();
  @TempDir Path data;

  @BeforeAll
  static void startSpark(@TempDir Path warehouse) {
    spark = TestSpark.local("archive-test", warehouse);
    db = TestDatabase.create();
    jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    db.close();
  }

  @AfterEach
  void stopFakes() {
    rest.close();
    archive.close();
  }

  @Test
  void everyPublishedRowEqualsTheSourceRowWhicheverPathItTook() {
    List<Candle> all = TestCandles.range(start(D1), start(D4.plusDays(1)), Granularity.M1, 0);
    archive.dailyKlines("BTCUSDT", Granularity.M1, D1, day(D1), false);
    archive.dailyKlines("BTCUSDT", Granularity.M1, D3, day(D3), true);
    archive.dailyKlines("BTCUSDT", Granularity.M1, D4, day(D4), false);
    rest.candles("BTCUSDT", "1m", all);

    BackfillJob job = run(new TimeRange(start(D1), start(D4.plusDays(1))));

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.recordsWritten()).isEqualTo(4 * 1440);
    assertThat(job.pagesFetched())
        .as("one page per archive day, two REST pages for each of the other days")
        .isEqualTo(6);
    List<Row> rows = table().orderBy("ts_event").collectAsList();
    assertThat(rows).hasSize(all.size());
    for (int i = 0; i < all.size(); i++) {
      Candle c = all.get(i);
      Row r = rows.get(i);
      assertThat(r.<Instant>getAs("ts_event")).isEqualTo(c.tsEvent());
      assertThat(List.of(r.getAs("open"), r.getAs("high"), r.getAs("low"), r.getAs("close")))
          .isEqualTo(List.of(c.open(), c.high(), c.low(), c.close()));
      assertThat(r.<Double>getAs("volume")).isEqualTo(c.volume());
      assertThat(r.<String>getAs("meta")).isEqualTo(TestKlines.of(c, 60_000).meta());
    }
    List<IndexEntry> index = published();
    assertThat(index)
        .extracting(IndexEntry::date, IndexEntry::origin, IndexEntry::archiveSha256)
        .as("where each day came from, with the archive file's digest")
        .containsExactly(
            tuple(D1.toString(), "archive", archive.checksumOf(path(D1))),
            tuple(D2.toString(), "rest", null),
            tuple(D3.toString(), "archive", archive.checksumOf(path(D3))),
            tuple(D4.toString(), "rest", null));
    assertThat(index).allMatch(e -> e.gaps().isEmpty());
    assertThat(table().inputFiles())
        .as("each published day is the table's day file under a second name, not a second encoding")
        .hasSize(4)
        .allMatch(f -> index.stream().anyMatch(e -> sameFile(f, e)));
    assertThat(archive.requests())
        .as("the last two days are not asked of the archive")
        .noneMatch(p -> p.contains(D4.toString()));
    assertThat(rest.requests())
        .as("REST serves the missing day and the last two")
        .isNotEmpty()
        .allMatch(ArchiveBackfillTest::fromDay2OrDay4);
  }

  @Test
  void aSecondRunDownloadsNothingForTheDaysTheStoreHolds() {
    archive.dailyKlines("BTCUSDT", Granularity.M1, D1, day(D1), false);
    archive.dailyKlines("BTCUSDT", Granularity.M1, D2, day(D2), false);
    TimeRange range = new TimeRange(start(D1), start(D3));
    assertThat(run(range).status()).isEqualTo(JobStatus.COMPLETED);
    int firstRun = archive.requests().size();

    BackfillJob again = run(range);

    assertThat(firstRun).as("two days, each a zip and its checksum").isEqualTo(4);
    assertThat(again.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(archive.requests())
        .as("held days are neither fetched nor downloaded ahead")
        .hasSize(firstRun);
  }

  @Test
  void aCorruptedZipFailsTheJobAndNeverReachesTheTable() throws Exception {
    archive.dailyKlines("BTCUSDT", Granularity.M1, D1, day(D1), false);
    archive.dailyKlines("BTCUSDT", Granularity.M1, D2, day(D2), false);
    String path = FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, D2);
    archive.corrupt(path);
    rest.candles("BTCUSDT", "1m", day(D2));

    BackfillJob job = run(new TimeRange(start(D1), start(D3)));

    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().orElseThrow())
        .contains("BTCUSDT-1m-2024-12-31.zip")
        .contains(archive.checksumOf(path));
    List<String> dates = published().stream().map(IndexEntry::date).toList();
    assertThat(dates).doesNotContain(D2.toString());
    assertThat(data.resolve("published").resolve(new PublishedPath(FEED, D2).path()))
        .doesNotExist();
    if (Files.exists(data.resolve("delta/candles/_delta_log"))) {
      assertThat(table().where("date = DATE'" + D2 + "'").count()).isZero();
    }
    assertThat(rest.requests()).as("a corrupt day is not fetched from REST instead").isEmpty();
  }

  @Test
  void anArchiveThatRefusesAccessLeavesTheJobToRestInsteadOfFailingIt() {
    archive.dailyKlines("BTCUSDT", Granularity.M1, D1, day(D1), false);
    archive.dailyKlines("BTCUSDT", Granularity.M1, D2, day(D2), false);
    archive.refuseAccess();
    rest.candles("BTCUSDT", "1m", TestCandles.range(start(D1), start(D3), Granularity.M1, 0));

    BackfillJob job = run(new TimeRange(start(D1), start(D3)));

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.recordsWritten()).isEqualTo(2 * 1440);
    assertThat(published())
        .extracting(IndexEntry::date, IndexEntry::origin, IndexEntry::records)
        .containsExactly(tuple(D1.toString(), "rest", 1440L), tuple(D2.toString(), "rest", 1440L));
    assertThat(job.activity().notes())
        .as("the page shows the operator why the days came from REST")
        .singleElement()
        .asString()
        .contains("the archive refuses access (")
        .contains("HTTP 403")
        .contains(D1 + " and the job's other days come from REST");
  }

  @Test
  void candlesTheProviderDoesNotHaveAreConfirmedGapsAndTheUnaskedHourIsNeverFetched() {
    List<Candle> day = new ArrayList<>(day(D1));
    day.subList(600, 605).clear();
    archive.dailyKlines("BTCUSDT", Granularity.M1, D1, day, false);
    rest.candles("BTCUSDT", "1m", day); // the exchange lacks those minutes too

    BackfillJob job = run(new TimeRange(start(D1).plusSeconds(3600), start(D2)));

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    IndexEntry entry = published().get(0);
    assertThat(entry.records()).isEqualTo(1440 - 60 - 5);
    assertThat(entry.gaps())
        .containsExactly(
            Gap.of(start(D1), start(D1).plusSeconds(3600), 60, false),
            Gap.of(start(D1).plusSeconds(600 * 60), start(D1).plusSeconds(605 * 60), 5, true));
    assertThat(entry.origin()).isEqualTo("archive");
    assertThat(rest.requests())
        .as("confirmed: REST was asked for the five minutes the archive lacks, and had nothing")
        .singleElement()
        .asString()
        .contains("startTime=" + start(D1).plusSeconds(600 * 60).toEpochMilli() + "&");
  }

  @Test
  void holesRestRefusesToAnswerForAreNeverReportedAsConfirmed() {
    List<Candle> day = new ArrayList<>(day(D1));
    day.subList(600, 605).clear();
    archive.dailyKlines("BTCUSDT", Granularity.M1, D1, day, false);
    // no REST candles for the symbol: the fake answers 400 "Invalid symbol", as for a delisted one

    BackfillJob job = run(new TimeRange(start(D1), start(D2)));

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    IndexEntry entry = published().get(0);
    assertThat(entry.records()).isEqualTo(1440 - 5);
    assertThat(entry.origin()).isEqualTo("archive");
    assertThat(job.activity().notes())
        .singleElement()
        .asString()
        .contains("REST refuses the symbol");
    assertThat(entry.gaps())
        .as("REST was asked but refused: the provider never said it has no candles there")
        .containsExactly(
            Gap.of(start(D1).plusSeconds(600 * 60), start(D1).plusSeconds(605 * 60), 5, false));
  }

  @Test
  void aDayFilledByASecondJobKeepsItsConfirmedGapsAndBecomesMixed() {
    List<Candle> whole = day(D1);
    List<Candle> archived = new ArrayList<>(whole);
    archived.subList(600, 605).clear();
    archive.dailyKlines("BTCUSDT", Granularity.M1, D1, archived, false);
    rest.candles("BTCUSDT", "1m", archived.subList(60, archived.size()));
    run(new TimeRange(start(D1).plusSeconds(3600), start(D2)));
    rest.candles("BTCUSDT", "1m", whole.subList(0, 60));

    run(new TimeRange(start(D1), start(D1).plusSeconds(3600)), false);

    IndexEntry entry = published().get(0);
    assertThat(entry.records()).isEqualTo(1440 - 5);
    assertThat(entry.gaps())
        .as("the five minutes the archive lacks stay confirmed")
        .containsExactly(
            Gap.of(start(D1).plusSeconds(600 * 60), start(D1).plusSeconds(605 * 60), 5, true));
    assertThat(entry.origin()).isEqualTo("mixed");
    assertThat(entry.archiveSha256()).isEqualTo(archive.checksumOf(path(D1)));
  }

  private boolean sameFile(String tableFile, IndexEntry entry) {
    try {
      return Files.isSameFile(
          Path.of(java.net.URI.create(tableFile)),
          DataRoot.of(data).published().resolve(entry.path()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<IndexEntry> published() {
    Path own = DataRoot.of(data).feedIndex(FEED);
    return IndexFile.read(Files.exists(own) ? own : DataRoot.of(data).index()).files();
  }

  private static String path(LocalDate day) {
    return FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, day);
  }

  @Test
  void archiveDaysAreFetchedAndShownWhileTheSparkSessionIsStillStarting() throws Exception {
    List<Candle> all = TestCandles.range(start(D1), start(D4.plusDays(1)), Granularity.M1, 0);
    for (LocalDate d = D1; d.isBefore(D4); d = d.plusDays(1)) {
      archive.dailyKlines("BTCUSDT", Granularity.M1, d, day(d), false);
    }
    rest.candles("BTCUSDT", "1m", all);
    BackfillJob job = jobs.create(FEED, new TimeRange(start(D1), start(D4.plusDays(1))));
    CompletableFuture<SparkSession> released = new CompletableFuture<>();
    // Session creation blocks until the test has seen fetched progress in the job row.
    SparkStart starting = SparkStart.begin(released::join);

    CompletableFuture<Outcome> ran = CompletableFuture.supplyAsync(() -> backfill(starting, job));
    BackfillJob seen = awaitFetched(job);
    released.complete(spark);

    assertThat(seen.activity().fetchedRows())
        .as("rows fetched and recorded before the Spark session was up")
        .isPositive();
    assertThat(seen.activity().fetchedUntil()).get().isNotEqualTo(start(D1));
    assertThat(seen.recordsWritten()).as("nothing committed without Spark").isZero();
    assertThat(ran.get(2, TimeUnit.MINUTES)).isEqualTo(Outcome.COMPLETED);
    BackfillJob done = jobs.findById(job.id()).orElseThrow();
    assertThat(done.recordsWritten()).isEqualTo(all.size());
    assertThat(table().count()).isEqualTo(all.size());
    assertThat(table().select("ts_event").distinct().count()).isEqualTo(all.size());
  }

  @Test
  void aSparkSessionThatCannotStartFailsTheJobWithItsReason() throws Exception {
    archive.dailyKlines("BTCUSDT", Granularity.M1, D1, day(D1), false);
    BackfillJob job = jobs.create(FEED, new TimeRange(start(D1), start(D2)));
    SparkStart broken =
        SparkStart.begin(
            () -> {
              throw new IllegalStateException("cannot bind the driver to 127.0.0.1");
            });

    assertThat(backfill(broken, job)).isEqualTo(Outcome.FAILED);

    BackfillJob failed = jobs.findById(job.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.error().orElseThrow()).contains("cannot bind the driver to 127.0.0.1");
    assertThat(failed.recordsWritten()).isZero();
    assertThat(failed.cursor()).isEqualTo(start(D1));
  }

  /** The job row once it shows fetched rows (polled; the test fails if that never happens). */
  private static BackfillJob awaitFetched(BackfillJob job) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      BackfillJob now = jobs.findById(job.id()).orElseThrow();
      if (now.activity().fetchedRows() > 0) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no fetched rows recorded while the Spark session was held back");
  }

  private Outcome backfill(SparkStart session, BackfillJob job) {
    ProviderSettings providers =
        ProviderSettings.defaults(NOW)
            .withBinanceUrl(rest.url())
            .withArchiveUrl(archive.url())
            .withRetry(
                new RetryPolicy(
                    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofSeconds(30)));
    try (BinanceSource source = new BinanceSource(providers)) {
      return new Backfill(
              session,
              data,
              jobs,
              source,
              RunSettings.defaults().withBatchRows(1440),
              Clock.systemUTC(),
              null)
          .run(job.id());
    }
  }

  private static boolean fromDay2OrDay4(String request) {
    Instant from =
        Instant.ofEpochMilli(Long.parseLong(request.replaceAll(".*startTime=(\\d+).*", "$1")));
    LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
    return day.equals(D2) || day.equals(D4);
  }

  private BackfillJob run(TimeRange range) {
    return run(range, true);
  }

  private BackfillJob run(TimeRange range, boolean fromArchive) {
    BackfillJob job = jobs.create(FEED, range);
    ProviderSettings rest = ProviderSettings.defaults(NOW).withBinanceUrl(this.rest.url());
    ProviderSettings providers =
        (fromArchive ? rest.withArchiveUrl(archive.url()) : rest)
            .withRetry(
                new RetryPolicy(
                    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofSeconds(30)));
    try (BinanceSource source = new BinanceSource(providers)) {
      new Backfill(
              spark,
              data,
              jobs,
              source,
              RunSettings.defaults().withBatchRows(1440),
              Clock.systemUTC())
          .run(job.id());
    }
    return jobs.findById(job.id()).orElseThrow();
  }

  private org.apache.spark.sql.Dataset<Row> table() {
    return spark.read().format("delta").load(data.resolve("delta/candles").toString());
  }

  private static List<Candle> day(LocalDate day) {
    return TestCandles.range(start(day), start(day.plusDays(1)), Granularity.M1, 0);
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
