package io.backtide.jobs.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.backtide.core.Candle;
import io.backtide.core.DataRoot;
import io.backtide.core.FeedKey;
import io.backtide.core.Gap;
import io.backtide.core.Granularity;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.core.TimeRange;
import io.backtide.jobs.backfill.Outcome;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinance.Scripted;
import io.backtide.jobs.testing.FakeBinanceArchive;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestSpark;
import io.backtide.jobstore.BackfillChunk;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.ChunkState;
import io.backtide.jobstore.JobStatus;
import io.backtide.jobstore.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bulk mode in local mode: chunks, waves, per-chunk progress and resume, table contents. */
class BulkBackfillTest {
  private static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("binance/ETHUSDT/candle/1m");
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final TimeRange RANGE = new TimeRange(START, START.plus(Duration.ofDays(2)));

  private static SparkSession spark;
  private static TestDatabase db;
  private static BackfillJobRepository jobs;
  private static BackfillChunkRepository chunks;
  private static FakeBinance exchange;
  @TempDir Path data;

  @BeforeAll
  static void setUp(@TempDir Path warehouse) {
    spark = TestSpark.local("bulk-test", warehouse);
    db = TestDatabase.create();
    jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
    chunks = new BackfillChunkRepository(db.dataSource(), Clock.systemUTC());
    exchange = FakeBinance.start();
    exchange.candles("BTCUSDT", "1m", TestCandles.range(START, RANGE.end(), Granularity.M1, 0));
    exchange.candles("ETHUSDT", "1m", TestCandles.range(START, RANGE.end(), Granularity.M1, 7));
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
    exchange.close();
    db.close();
  }

  private BulkBackfill bulk() {
    return bulk(List.of(BTC, ETH), Optional.empty());
  }

  private BulkBackfill bulk(List<FeedKey> feeds, Optional<String> table) {
    return bulk(feeds, table, Optional.empty());
  }

  private BulkBackfill bulk(List<FeedKey> feeds, Optional<String> table, Optional<URI> archive) {
    return bulk(feeds, table, archive, RateLimits.none());
  }

  private BulkBackfill bulk(
      List<FeedKey> feeds, Optional<String> table, Optional<URI> archive, RateLimits limits) {
    BulkSettings settings =
        new BulkSettings(feeds, 1, 1000, 2, limits, exchange.url(), null, table, archive);
    return new BulkBackfill(spark, data, jobs, chunks, settings, Clock.systemUTC());
  }

  /** With a rate limit too: it paces REST requests, and the plan and origins still get through. */
  @ParameterizedTest
  @ValueSource(strings = {"", "binance=600000"})
  void binanceChunksTakePastDaysFromTheArchiveFirstAndTheIndexSaysWhere(String rateLimit) {
    LocalDate day1 = LocalDate.parse("2026-01-01");
    LocalDate day2 = day1.plusDays(1);
    List<Candle> btc = TestCandles.range(START, RANGE.end(), Granularity.M1, 0);
    try (FakeBinanceArchive archive = FakeBinanceArchive.start()) {
      // Day 1 is published in the archive (microseconds, as Binance's spot files since 2025) but
      // lacks five minutes, which REST has; day 2 is not published (a hole): REST serves it.
      List<Candle> archived = new ArrayList<>(btc.subList(0, 1440));
      archived.subList(100, 105).clear();
      archive.dailyKlines("BTCUSDT", Granularity.M1, day1, archived, true);
      BackfillJob job = jobs.create(BTC, RANGE);
      int restBefore = exchange.requests().size();

      Outcome outcome =
          bulk(
                  List.of(BTC),
                  Optional.empty(),
                  Optional.of(archive.url()),
                  RateLimits.parse(rateLimit))
              .run(job.id());

      assertThat(outcome).isEqualTo(Outcome.COMPLETED);
      String zip = FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, day1);
      assertThat(archive.requests()).contains(zip);
      long day2Ms = day2.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      assertThat(exchange.requests().subList(restBefore, exchange.requests().size()))
          .as("of day 1, REST was asked for the five minutes its file lacks, nothing else")
          .filteredOn(r -> Long.parseLong(r.replaceAll(".*startTime=(\\d+).*", "$1")) < day2Ms)
          .singleElement()
          .asString()
          .contains("startTime=" + START.plusSeconds(100 * 60).toEpochMilli() + "&")
          .contains("endTime=" + (START.plusSeconds(105 * 60).toEpochMilli() - 1) + "&");
      List<Row> rows =
          spark
              .read()
              .format("delta")
              .load(data.resolve("delta/candles").toString())
              .orderBy("ts_event")
              .collectAsList();
      assertThat(rows)
          .extracting(r -> r.<Instant>getAs("ts_event"))
          .containsExactlyElementsOf(btc.stream().map(Candle::tsEvent).toList());
      assertThat(rows)
          .extracting(r -> r.<Double>getAs("close"))
          .containsExactlyElementsOf(btc.stream().map(Candle::close).toList());
      assertThat(rows.get(0).<String>getAs("meta"))
          .as("every kline field kept")
          .contains("\"trades\":");
      assertThat(IndexFile.read(DataRoot.of(data).feedIndex(BTC)).files())
          .extracting(IndexEntry::date, IndexEntry::origin, IndexEntry::archiveSha256)
          .containsExactly(
              tuple(day1.toString(), "mixed", archive.checksumOf(zip)),
              tuple(day2.toString(), "rest", null));
    }
  }

  @Test
  void holesOfASymbolRestRefusesStayUnconfirmedAndTheJobSaysWhy() {
    FeedKey delisted = FeedKey.parse("binance/LUNAUSDT/candle/1m");
    LocalDate day1 = LocalDate.parse("2026-01-01");
    TimeRange range = new TimeRange(START, START.plus(Duration.ofDays(1)));
    try (FakeBinanceArchive archive = FakeBinanceArchive.start()) {
      // the exchange knows no LUNAUSDT: it answers 400 "Invalid symbol", as for a delisted one
      List<Candle> archived =
          new ArrayList<>(TestCandles.range(START, range.end(), Granularity.M1, 3));
      archived.subList(100, 105).clear();
      archive.dailyKlines("LUNAUSDT", Granularity.M1, day1, archived, true);
      BackfillJob job = jobs.create(delisted, range);

      Outcome outcome =
          bulk(List.of(delisted), Optional.empty(), Optional.of(archive.url())).run(job.id());

      assertThat(outcome).isEqualTo(Outcome.COMPLETED);
      assertThat(IndexFile.read(DataRoot.of(data).feedIndex(delisted)).files())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.records()).isEqualTo(1440 - 5);
                assertThat(e.origin()).isEqualTo("archive");
                assertThat(e.gaps())
                    .as("refused is not an answer: the five minutes are not confirmed missing")
                    .containsExactly(
                        Gap.of(START.plusSeconds(100 * 60), START.plusSeconds(105 * 60), 5, false));
              });
      assertThat(jobs.findById(job.id()).orElseThrow().activity().notes())
          .singleElement()
          .asString()
          .startsWith(delisted + ": REST refuses the symbol (");
    }
  }

  @Test
  void rerunAfterAFailedWaveFetchesOnlyTheChunksNotDone() {
    BackfillJob job = jobs.create(BTC, RANGE);
    int before = exchange.requests().size();
    // Wave 1 (BTC, two chunks of two pages) succeeds; from then on the exchange refuses (a
    // permanent failure: transient ones are retried for max_outage).
    Scripted refused = Scripted.status(403, "{\"code\":-2015,\"msg\":\"WAF\"}");
    exchange.onRequest(n -> exchange.failAlways(n > before + 4 ? refused : null));

    Outcome first = bulk().run(job.id());

    assertThat(first).isEqualTo(Outcome.FAILED);
    BackfillJob failed = jobs.findById(job.id()).orElseThrow();
    assertThat(failed.error().orElseThrow()).contains("binance/ETHUSDT/candle/1m chunk");
    assertThat(failed.cursor()).isEqualTo(START);
    assertThat(chunks.list(job.id()))
        .extracting(c -> c.feed() + " " + c.done())
        .containsExactly(BTC + " true", BTC + " true", ETH + " false", ETH + " false");
    // The chunk whose fetch failed says why; the other of its wave waits for the next run.
    assertThat(chunks.states(job.id()))
        .extracting(s -> s.chunk().feed() + " " + s.state().code())
        .containsExactlyInAnyOrder(BTC + " done", BTC + " done", ETH + " failed", ETH + " pending");
    assertThat(chunks.states(job.id()))
        .filteredOn(s -> s.state() == ChunkState.FAILED)
        .singleElement()
        .satisfies(s -> assertThat(s.error().orElseThrow()).contains("failed at cursor", "403"));

    // A killed or failed process leaves the row to be resumed; the control plane restarts it.
    db.execute("UPDATE backfill_jobs SET status = 'running' WHERE id = '" + job.id() + "'");
    exchange.onRequest(n -> {}).failAlways(null);
    int resumedAt = exchange.requests().size();
    Outcome second = bulk().run(job.id());

    assertThat(second).isEqualTo(Outcome.COMPLETED);
    assertThat(exchange.requests().subList(resumedAt, exchange.requests().size()))
        .hasSize(4)
        .allMatch(r -> r.contains("symbol=ETHUSDT"));
    BackfillJob done = jobs.findById(job.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.recordsWritten()).isEqualTo(4 * 1440);
    assertThat(done.pagesFetched()).isEqualTo(8);
    assertThat(chunks.list(job.id())).allMatch(BackfillChunk::done);
    assertThat(chunks.states(job.id())).allMatch(s -> s.state() == ChunkState.DONE);
    assertThat(spark.read().format("delta").load(data.resolve("delta/candles").toString()).count())
        .isEqualTo(4 * 1440);
    assertThat(data.resolve("published/binance/ETHUSDT/candle/1m/2026-01-02.parquet")).exists();
    assertThat(data.resolve("published/binance/BTCUSDT/candle/1m/2026-01-01.parquet")).exists();
  }

  @Test
  void rerunOfACompletedRangeRewritesNothingTwice() throws Exception {
    BackfillJob job = jobs.create(BTC, RANGE);
    assertThat(bulk().run(job.id())).isEqualTo(Outcome.COMPLETED);
    Path file = data.resolve("published/binance/BTCUSDT/candle/1m/2026-01-01.parquet");
    byte[] firstBytes = Files.readAllBytes(file);

    BackfillJob again = jobs.create(BTC, RANGE);
    assertThat(bulk().run(again.id())).isEqualTo(Outcome.COMPLETED);

    assertThat(spark.read().format("delta").load(data.resolve("delta/candles").toString()).count())
        .isEqualTo(4 * 1440);
    assertThat(Files.readAllBytes(file)).isEqualTo(firstBytes);
  }

  @Test
  void tableAtAHadoopUriElsewhereKeepsPublishingUnderTheDataRoot(@TempDir Path store)
      throws Exception {
    String table = store.resolve("candles").toUri().toString(); // file:///...; s3a:// in production
    BackfillJob job = jobs.create(ETH, RANGE);

    assertThat(bulk(List.of(ETH), Optional.of(table)).run(job.id())).isEqualTo(Outcome.COMPLETED);

    assertThat(store.resolve("candles/_delta_log")).isDirectory();
    assertThat(data.resolve("delta")).doesNotExist();
    assertThat(spark.read().format("delta").load(table).count()).isEqualTo(2 * 1440);
    assertThat(data.resolve("published/binance/ETHUSDT/candle/1m/2026-01-01.parquet")).exists();
    assertThat(Files.readString(data.resolve("published/binance/ETHUSDT/candle/1m/_index.json")))
        .contains("ETHUSDT");
  }
}
