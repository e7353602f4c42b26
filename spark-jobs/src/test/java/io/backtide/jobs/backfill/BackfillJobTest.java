package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.core.Sha256;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.provider.binance.BinanceSource;
import io.backtide.jobs.table.CandleTable;
import io.backtide.jobs.table.WriteMode;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinance.Scripted;
import io.backtide.jobs.testing.PublishedIndexes;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestKlines;
import io.backtide.jobs.testing.TestSpark;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import io.backtide.jobstore.testing.TestDatabase;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackfillJobTest {
  static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant DAY4 = Instant.parse("2026-01-04T00:00:00Z");

  static SparkSession spark;
  static TestDatabase db;
  static BackfillJobRepository jobs;
  FakeBinance fake;
  @TempDir Path data;

  @BeforeAll
  static void startSpark(@TempDir Path warehouse) {
    spark = TestSpark.local("backfill-test", warehouse);
    db = TestDatabase.create();
    jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
    // The JVM's one-off Spark and Delta costs (tens of seconds on a loaded machine) are paid here,
    // not inside the first test's time limits.
    new CandleTable(spark, warehouse.resolve("warm"), WriteMode.REBUILD).warmUp().await();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    db.close();
  }

  @BeforeEach
  void startFake() {
    fake = FakeBinance.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
    // One active job at a time: a job a failed test left running must not fail every later test.
    jobs.findActive().ifPresent(j -> jobs.fail(j.id(), "left active by a test"));
  }

  @Test
  void threeDaysOfMinutesBecomeThreePublishedFilesOf1440Rows() throws Exception {
    fake.candles("BTCUSDT", "1m", TestCandles.range(DAY1, DAY4, Granularity.M1, 0));

    BackfillJob job = backfill(new TimeRange(DAY1, DAY4), RunSettings.defaults());

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.recordsWritten()).isEqualTo(4320);
    assertThat(job.pagesFetched())
        .as("5 pages of 1000 rows, the cursor then is at the end")
        .isEqualTo(5);
    assertThat(tableRows().count()).isEqualTo(4320);
    IndexFile index = PublishedIndexes.all(data);
    assertThat(index.files())
        .extracting(IndexEntry::path)
        .containsExactly(
            "binance/BTCUSDT/candle/1m/2026-01-01.parquet",
            "binance/BTCUSDT/candle/1m/2026-01-02.parquet",
            "binance/BTCUSDT/candle/1m/2026-01-03.parquet");
    for (IndexEntry e : index.files()) {
      Path file = data.resolve("published").resolve(e.path());
      assertThat(e.records()).isEqualTo(1440);
      assertThat(e.sha256()).isEqualTo(Sha256.of(file));
      assertThat(e.sizeBytes()).isEqualTo(Files.size(file));
      assertThat(e.firstTs()).isEqualTo(e.date() + "T00:00:00Z");
      assertThat(e.lastTs()).isEqualTo(e.date() + "T23:59:00Z");
      assertThat(published(file).count()).isEqualTo(1440);
    }
    assertThat(Files.list(data.resolve("published/binance/BTCUSDT/candle/1m")))
        .as("no temp files left: the three days and the feed's index")
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(
            "2026-01-01.parquet", "2026-01-02.parquet", "2026-01-03.parquet", "_index.json");
  }

  @Test
  void publishedFileHasTheSeedSchemaWithMicrosUtcTimestamps() throws Exception {
    fake.candles(
        "BTCUSDT", "1m", TestCandles.range(DAY1, DAY1.plusSeconds(600), Granularity.M1, 0));

    backfill(new TimeRange(DAY1, DAY1.plusSeconds(600)), RunSettings.defaults());

    Path file = data.resolve("published/binance/BTCUSDT/candle/1m/2026-01-01.parquet");
    MessageType schema;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      schema = reader.getFooter().getFileMetaData().getSchema();
      assertThat(reader.getRecordCount()).isEqualTo(10);
    }
    assertThat(schema.getFields().stream().map(f -> f.getName()).toList())
        .containsExactly(
            "ts_event",
            "source",
            "subject",
            "kind",
            "granularity",
            "open",
            "high",
            "low",
            "close",
            "volume",
            "meta");
    var ts = schema.getType("ts_event").asPrimitiveType();
    assertThat(ts.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
    var logical = (TimestampLogicalTypeAnnotation) ts.getLogicalTypeAnnotation();
    assertThat(logical.getUnit()).isEqualTo(LogicalTypeAnnotation.TimeUnit.MICROS);
    assertThat(logical.isAdjustedToUTC()).isTrue();
    assertThat(schema.getType("open").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.DOUBLE);
    Row first = published(file).orderBy("ts_event").first();
    assertThat(first.<Object>getAs("ts_event")).isEqualTo(DAY1);
    assertThat(first.<String>getAs("source")).isEqualTo("binance");
    assertThat(first.<String>getAs("granularity")).isEqualTo("1m");
    assertThat(first.<Double>getAs("close")).isEqualTo(TestCandles.at(DAY1, 0).close());
    assertThat(first.<String>getAs("meta"))
        .as("every kline field is kept")
        .isEqualTo(TestKlines.of(TestCandles.at(DAY1, 0), 60_000).meta());
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void overlappingBackfillWithNewPricesReplacesRowsAndRepublishesOnlyTouchedDays(WriteMode mode)
      throws Exception {
    fake.candles("BTCUSDT", "1m", TestCandles.range(DAY1, DAY4, Granularity.M1, 0));
    backfill(new TimeRange(DAY1, DAY4), RunSettings.defaults().withMode(mode));
    IndexFile before = PublishedIndexes.all(data);
    Instant from = Instant.parse("2026-01-02T12:00:00Z");
    Instant to = Instant.parse("2026-01-03T12:00:00Z");
    fake.candles("BTCUSDT", "1m", TestCandles.range(from, to, Granularity.M1, 1000));

    backfill(new TimeRange(from, to), RunSettings.defaults().withMode(mode));

    assertThat(tableRows().count()).isEqualTo(4320);
    assertThat(tableRows().select("ts_event").distinct().count()).isEqualTo(4320);
    assertThat(tableRows().where("close > 1000").count()).isEqualTo(1440);
    IndexFile after = PublishedIndexes.all(data);
    Map<String, IndexEntry> old = byDate(before);
    Map<String, IndexEntry> now = byDate(after);
    assertThat(now.get("2026-01-01"))
        .as("untouched day keeps its entry")
        .isEqualTo(old.get("2026-01-01"));
    for (String day : List.of("2026-01-02", "2026-01-03")) {
      assertThat(now.get(day).sha256()).isNotEqualTo(old.get(day).sha256());
      assertThat(now.get(day).tableVersion()).isGreaterThan(old.get(day).tableVersion());
      assertThat(now.get(day).records()).isEqualTo(1440);
    }
    Path day2 = data.resolve("published/binance/BTCUSDT/candle/1m/2026-01-02.parquet");
    assertThat(published(day2).where("close > 1000").count()).isEqualTo(720);
    assertThat(activeFiles("2026-01-02")).as("one data file per day").isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void daysPublishedFromTheBatchWhenEmptyMatchDaysReadBackFromTheTableByteForByte(WriteMode mode)
      throws Exception {
    fake.candles("BTCUSDT", "1m", TestCandles.range(DAY1, DAY4, Granularity.M1, 0));
    backfill(new TimeRange(DAY1, DAY4), RunSettings.defaults().withMode(mode));
    Map<String, IndexEntry> fromBatch = byDate(PublishedIndexes.all(data));

    // refresh: the days are stored complete, and only a refresh writes them again.
    backfill(
        jobs.create(FEED, new TimeRange(DAY1, DAY4), true), RunSettings.defaults().withMode(mode));

    Map<String, IndexEntry> fromTable = byDate(PublishedIndexes.all(data));
    assertThat(fromTable.keySet())
        .containsExactlyInAnyOrder("2026-01-01", "2026-01-02", "2026-01-03");
    for (String day : fromTable.keySet()) {
      IndexEntry first = fromBatch.get(day);
      IndexEntry second = fromTable.get(day);
      assertThat(second.tableVersion())
          .as("the second run rewrote %s through the existing-days path", day)
          .isGreaterThan(first.tableVersion());
      assertThat(second.sha256()).as("same bytes for %s", day).isEqualTo(first.sha256());
      assertThat(second.sizeBytes()).isEqualTo(first.sizeBytes());
      assertThat(second.records()).isEqualTo(1440);
      assertThat(second.firstTs()).isEqualTo(first.firstTs());
      assertThat(second.lastTs()).isEqualTo(first.lastTs());
      assertThat(activeFiles(day)).as("one data file per day").isEqualTo(1);
    }
    assertThat(tableRows().count()).isEqualTo(4320);
    try (var left = Files.list(data.resolve("scratch"))) {
      assertThat(left).as("staged batch files are removed after the commit").isEmpty();
    }
  }

  @Test
  void aBatchIntoEmptyDaysNextToExistingDaysKeepsBothAndAddsOneFilePerNewDay() throws Exception {
    Instant day2 = DAY1.plus(Duration.ofDays(1));
    fake.candles("BTCUSDT", "1m", TestCandles.range(DAY1, DAY4, Granularity.M1, 0));
    backfill(new TimeRange(DAY1, day2), RunSettings.defaults());

    backfill(new TimeRange(day2, DAY4), RunSettings.defaults());

    assertThat(tableRows().count()).isEqualTo(4320);
    assertThat(tableRows().select("ts_event").distinct().count()).isEqualTo(4320);
    Map<String, IndexEntry> entries = byDate(PublishedIndexes.all(data));
    for (String day : List.of("2026-01-01", "2026-01-02", "2026-01-03")) {
      assertThat(activeFiles(day)).as("one data file for %s", day).isEqualTo(1);
      assertThat(entries.get(day).records()).isEqualTo(1440);
      Path file = data.resolve("published").resolve(entries.get(day).path());
      assertThat(entries.get(day).sha256()).isEqualTo(Sha256.of(file));
    }
  }

  @Test
  void theSameCandleTwiceInAPageAndAcrossPagesIsStoredOnce() {
    Instant t0 = DAY1;
    Candle c0 = TestCandles.at(t0, 0);
    Candle c1 = TestCandles.at(t0.plusSeconds(60), 0);
    Candle c1again = TestCandles.at(t0.plusSeconds(60), 5);
    Candle c2 = TestCandles.at(t0.plusSeconds(120), 0);
    Candle c3 = TestCandles.at(t0.plusSeconds(180), 0);
    fake.script(
        Scripted.body(klines(c0, c1, c1again, c2)),
        Scripted.body(klines(c2, c3)),
        Scripted.body("[]"));

    BackfillJob job = backfill(new TimeRange(t0, t0.plusSeconds(3600)), RunSettings.defaults());

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    List<Row> rows = tableRows().orderBy("ts_event").collectAsList();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1).<Double>getAs("close"))
        .as("last fetched wins")
        .isEqualTo(c1again.close());
    assertThat(
            published(data.resolve("published/binance/BTCUSDT/candle/1m/2026-01-01.parquet"))
                .count())
        .isEqualTo(4);
  }

  @Test
  void waitsOutA429WithRetryAfterThenCompletes() {
    fake.candles(
        "BTCUSDT", "1m", TestCandles.range(DAY1, DAY1.plusSeconds(3600), Granularity.M1, 0));
    fake.script(Scripted.tooManyRequests(1));
    long t0 = System.nanoTime();

    BackfillJob job = backfill(new TimeRange(DAY1, DAY1.plusSeconds(3600)), RunSettings.defaults());

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.recordsWritten()).isEqualTo(60);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(fake.requests().get(0)).isEqualTo(fake.requests().get(1));
  }

  @Test
  void persistentServerErrorFailsTheJobNamingFeedCursorStatusAndBody() {
    fake.failAlways(Scripted.serverError());

    BackfillJob job = backfill(new TimeRange(DAY1, DAY4), RunSettings.defaults());

    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().orElseThrow())
        .contains("binance/BTCUSDT/candle/1m")
        .contains("cursor 2026-01-01T00:00:00Z")
        .contains("HTTP 500")
        .contains("An unknown error occurred")
        .contains("failing for longer than max_outage 2 s")
        .doesNotContain("\n");
    Matcher attempts =
        Pattern.compile("failed after (\\d+) attempt").matcher(job.error().orElseThrow());
    assertThat(attempts.find()).isTrue();
    assertThat(fake.requests()).hasSize(Integer.parseInt(attempts.group(1))).hasSizeGreaterThan(2);
    assertThat(Files.exists(data.resolve("published"))).isFalse();
  }

  @Test
  void garbageBodyIsRetriedAndTheJobCompletes() {
    fake.candles(
        "BTCUSDT", "1m", TestCandles.range(DAY1, DAY1.plusSeconds(3600), Granularity.M1, 0));
    fake.script(Scripted.garbage());

    BackfillJob job = backfill(new TimeRange(DAY1, DAY1.plusSeconds(3600)), RunSettings.defaults());

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.recordsWritten()).isEqualTo(60);
    assertThat(fake.requests().get(0)).isEqualTo(fake.requests().get(1));
  }

  @Test
  void garbageBodyBeyondMaxOutageFailsTheJobInsteadOfEndingIt() {
    fake.failAlways(Scripted.garbage());

    BackfillJob job = backfill(new TimeRange(DAY1, DAY4), RunSettings.defaults());

    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().orElseThrow())
        .contains("binance/BTCUSDT/candle/1m")
        .contains("malformed klines body")
        .contains("HTTP 200");
  }

  @Test
  void aPageThatDoesNotMoveTheCursorFailsTheJob() {
    Candle c0 = TestCandles.at(DAY1, 0);
    Candle c1 = TestCandles.at(DAY1.plusSeconds(60), 0);
    fake.failAlways(Scripted.body(klines(c0, c1)));

    BackfillJob job = backfill(new TimeRange(DAY1, DAY4), RunSettings.defaults());

    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error().orElseThrow())
        .contains("does not move the cursor")
        .contains("cursor 2026-01-01T00:02:00Z");
  }

  @Test
  void aGapAtTheExchangeStaysAGap() {
    fake.candles(
        "BTCUSDT", "1m", TestCandles.range(DAY1, DAY1.plusSeconds(86_400), Granularity.M1, 0));
    fake.removeCandles("BTCUSDT", "1m", DAY1.plusSeconds(7200), DAY1.plusSeconds(10_800));

    BackfillJob job =
        backfill(new TimeRange(DAY1, DAY1.plusSeconds(86_400)), RunSettings.defaults());

    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    Path file = data.resolve("published/binance/BTCUSDT/candle/1m/2026-01-01.parquet");
    assertThat(published(file).count()).isEqualTo(1380);
    assertThat(
            published(file)
                .where("ts_event >= '2026-01-01 02:00:00' AND ts_event < '2026-01-01 03:00:00'")
                .count())
        .isZero();
  }

  @Test
  void aBatchEndsAtMidnightEvenWhenTheExchangeHasNothingBeforeIt() throws Exception {
    Instant day2 = DAY1.plusSeconds(86_400);
    Instant day3 = DAY1.plusSeconds(2 * 86_400);
    fake.candles(
        "BTCUSDT", "1m", TestCandles.range(DAY1, DAY1.plusSeconds(12 * 3600), Granularity.M1, 0));
    fake.candles("BTCUSDT", "1m", TestCandles.range(day2, day3, Granularity.M1, 0));
    BackfillJob job = jobs.create(FEED, new TimeRange(DAY1, day3));

    RunStats stats =
        backfillInto(data, job, RunSettings.defaults().withPageSize(500).withBatchRows(1000));

    BackfillJob after = jobs.findById(job.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(after.recordsWritten()).isEqualTo(720 + 1440);
    assertThat(stats.commits())
        .as("a commit per day, or fewer when batches waited for the committer")
        .isBetween(1L, 2L);
    assertThat(fake.requests())
        .as("day 1: 500, 220, then nothing before midnight; day 2: 500, 500, 440")
        .hasSize(6);
    assertThat(fake.requests().get(2)).contains("endTime=" + (day2.toEpochMilli() - 1));
    Map<String, IndexEntry> files = byDate(PublishedIndexes.all(data));
    assertThat(files.get("2026-01-01").records()).isEqualTo(720);
    assertThat(files.get("2026-01-02").records()).isEqualTo(1440);
  }

  @Test
  void cancelRequestMidRunStopsWithCommittedDaysIntact() throws Exception {
    fake.candles("BTCUSDT", "1m", TestCandles.range(DAY1, DAY4, Granularity.M1, 0));
    BackfillJob job = jobs.create(FEED, new TimeRange(DAY1, DAY4));
    fake.onRequest(
        n -> {
          if (n == 5) {
            jobs.requestCancel(job.id());
          }
        });

    Outcome outcome = backfill(job, RunSettings.defaults().withPageSize(500).withBatchRows(1440));

    BackfillJob after = jobs.findById(job.id()).orElseThrow();
    assertThat(outcome).isEqualTo(Outcome.CANCELLED);
    assertThat(after.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(after.cursor())
        .as("the first day, committed whole")
        .isEqualTo(DAY1.plus(Duration.ofDays(1)));
    assertThat(after.recordsWritten()).isEqualTo(1440);
    assertThat(fake.requests()).as("500 + 500 + 440 rows, then two of the second day").hasSize(5);
    IndexFile index = PublishedIndexes.all(data);
    assertThat(index.files()).extracting(IndexEntry::records).containsExactly(1440L);
    for (IndexEntry e : index.files()) {
      assertThat(e.sha256()).isEqualTo(Sha256.of(data.resolve("published").resolve(e.path())));
    }
  }

  @Test
  void batchesFetchedWhileTheLastOneCommitsPublishTheSameFilesAsOneBatch(@TempDir Path single)
      throws Exception {
    fake.candles("BTCUSDT", "1m", TestCandles.range(DAY1, DAY4, Granularity.M1, 0));
    fake.delay(Duration.ofMillis(20));
    BackfillJob oneBatch = jobs.create(FEED, new TimeRange(DAY1, DAY4));
    backfillInto(single, oneBatch, RunSettings.defaults().withPageSize(500));
    BackfillJob overlapped = jobs.create(FEED, new TimeRange(DAY1, DAY4));

    RunStats stats =
        backfillInto(
            data, overlapped, RunSettings.defaults().withPageSize(500).withBatchRows(1000));

    BackfillJob after = jobs.findById(overlapped.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(after.cursor()).isEqualTo(DAY4);
    assertThat(after.recordsWritten()).isEqualTo(4320);
    assertThat(after.pagesFetched()).as("pages of 500, 500 and 440 rows per day").isEqualTo(9);
    assertThat(stats.commits()).as("at most one per day").isBetween(1L, 3L);
    assertThat(fake.requests()).as("9 pages per run, none fetched twice").hasSize(18);
    assertThat(fake.requests().subList(9, 18))
        .as("day 1's pages once the batch neared 1000 rows (rows 500-999, 1000-1439)")
        .filteredOn(
            r -> r.contains("endTime=" + (DAY1.plus(Duration.ofDays(1)).toEpochMilli() - 1)))
        .hasSize(2);
    Map<String, IndexEntry> expected = byDate(PublishedIndexes.all(single));
    Map<String, IndexEntry> actual = byDate(PublishedIndexes.all(data));
    assertThat(actual.keySet()).containsExactlyInAnyOrder("2026-01-01", "2026-01-02", "2026-01-03");
    for (String date : expected.keySet()) {
      assertThat(actual.get(date).sha256()).as(date).isEqualTo(expected.get(date).sha256());
      assertThat(actual.get(date).records()).as(date).isEqualTo(1440);
      Path file = data.resolve("published").resolve(actual.get(date).path());
      assertThat(Sha256.of(file)).isEqualTo(actual.get(date).sha256());
    }
    assertThat(tableRows().count()).isEqualTo(4320);
  }

  @Test
  void heartbeatKeepsBeatingWhileAPageIsSlow() throws Exception {
    fake.candles(
        "BTCUSDT", "1m", TestCandles.range(DAY1, DAY1.plusSeconds(3600), Granularity.M1, 0));
    fake.delay(Duration.ofSeconds(3));
    BackfillJob job = jobs.create(FEED, new TimeRange(DAY1, DAY1.plusSeconds(3600)));
    Thread runner =
        new Thread(
            () -> backfill(job, RunSettings.defaults().withHeartbeatEvery(Duration.ofMillis(200))));
    runner.start();
    try {
      Thread.sleep(1000);
      BackfillJob first = jobs.findById(job.id()).orElseThrow();
      Thread.sleep(800);
      BackfillJob second = jobs.findById(job.id()).orElseThrow();

      assertThat(second.pagesFetched()).as("still inside the first, slow page").isZero();
      assertThat(first.heartbeatAt()).isPresent();
      assertThat(second.heartbeatAt().orElseThrow()).isAfter(first.heartbeatAt().orElseThrow());
    } finally {
      runner.join(60_000);
    }
    assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
  }

  private BackfillJob backfill(TimeRange range, RunSettings settings) {
    BackfillJob job = jobs.create(FEED, range);
    backfill(job, settings);
    return jobs.findById(job.id()).orElseThrow();
  }

  private RunStats backfillInto(Path dir, BackfillJob job, RunSettings settings) {
    Backfill backfill =
        new Backfill(spark, dir, jobs, new BinanceSource(providers()), settings, Clock.systemUTC());
    backfill.run(job.id());
    return backfill.stats();
  }

  private ProviderSettings providers() {
    return ProviderSettings.defaults(Clock.systemUTC())
        .withBinanceUrl(fake.url())
        .withRetry(
            new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)));
  }

  private Outcome backfill(BackfillJob job, RunSettings settings) {
    return new Backfill(
            spark, data, jobs, new BinanceSource(providers()), settings, Clock.systemUTC())
        .run(job.id());
  }

  private org.apache.spark.sql.Dataset<Row> tableRows() {
    return spark.read().format("delta").load(data.resolve("delta/candles").toString());
  }

  private org.apache.spark.sql.Dataset<Row> published(Path file) {
    return spark.read().parquet(file.toString());
  }

  private long activeFiles(String date) {
    return List.of(
            DeltaTable.forPath(spark, data.resolve("delta/candles").toString())
                .toDF()
                .where("date = DATE'" + date + "'")
                .inputFiles())
        .size();
  }

  private static Map<String, IndexEntry> byDate(IndexFile index) {
    return index.files().stream().collect(Collectors.toMap(IndexEntry::date, e -> e));
  }

  static String klines(Candle... candles) {
    return java.util.Arrays.stream(candles)
        .map(
            c ->
                "["
                    + c.tsEvent().toEpochMilli()
                    + ",\""
                    + c.open()
                    + "\",\""
                    + c.high()
                    + "\",\""
                    + c.low()
                    + "\",\""
                    + c.close()
                    + "\",\""
                    + c.volume()
                    + "\","
                    + (c.tsEvent().toEpochMilli() + 59_999)
                    + ",\"0\",1,\"0\",\"0\",\"0\"]")
        .collect(Collectors.joining(",", "[", "]"));
  }
}
