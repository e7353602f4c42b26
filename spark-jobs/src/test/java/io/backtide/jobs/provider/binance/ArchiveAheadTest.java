package io.backtide.jobs.provider.binance;

import static io.backtide.jobs.provider.binance.BinanceArchiveSourceTest.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.ProviderException;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.provider.Sleeper;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinance.Scripted;
import io.backtide.jobs.testing.FakeBinance.Trade;
import io.backtide.jobs.testing.FakeBinanceArchive;
import io.backtide.jobs.testing.TestCandles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive files downloaded ahead of the one the job reads ({@link ArchiveAhead} in {@link
 * BinanceSource}), against the loopback archive: which files, how many, and that a download made
 * ahead fails, or stops, as one made inline would.
 */
class ArchiveAheadTest {
  static final LocalDate D1 = LocalDate.parse("2024-03-01");
  static final Clock LATER = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);
  static final FeedKey FEED = FeedKey.of("binance", "BTCUSDT", "candle", "1m");

  final FakeBinance rest = FakeBinance.start();
  final FakeBinanceArchive archive = FakeBinanceArchive.start();
  @TempDir Path scratch;

  @AfterEach
  void stop() {
    rest.close();
    archive.close();
  }

  @Test
  void theNextThreeDaysDownloadWhileTheJobReadsOneAndNoMore() throws Exception {
    List<Candle> days = publishDays(8);
    try (BinanceSource source = source(Sleeper.REAL)) {
      source.plan(FEED, range(0, 8), day -> false);

      List<SourceRow> first = source.fetch(FEED, start(0), start(8), 1000);
      awaitRequested(zip(3));
      assertThat(archive.requests())
          .as("reading day 0, days 1-3 are downloaded ahead, day 4 not yet")
          .contains(zip(1), zip(2))
          .doesNotContain(zip(4));

      List<SourceRow> second = source.fetch(FEED, start(1), start(8), 1000);
      awaitRequested(zip(4));
      assertThat(archive.requests()).doesNotContain(zip(5));

      List<SourceRow> rest = page(source, FEED, start(2), start(8));
      assertThat(first).extracting(SourceRow::candle).isEqualTo(days.subList(0, 1440));
      assertThat(second).extracting(SourceRow::candle).isEqualTo(days.subList(1440, 2880));
      assertThat(rest).extracting(SourceRow::candle).isEqualTo(days.subList(2880, 8 * 1440));
      assertThat(archive.requests())
          .as("each file and its checksum once, whether downloaded ahead or not")
          .hasSize(16)
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void daysTheJobSkipsAreNeverDownloaded() throws Exception {
    publishDays(8);
    Set<LocalDate> held = Set.of(day(1), day(2));
    try (BinanceSource source = source(Sleeper.REAL)) {
      source.plan(FEED, range(0, 8), held::contains);

      source.fetch(FEED, start(0), start(1), 1000);
      awaitRequested(zip(5));
      List<SourceRow> afterTheHeldDays = source.fetch(FEED, start(3), start(8), 1000);

      assertThat(afterTheHeldDays).hasSize(1440);
      assertThat(archive.requests())
          .as("the held days 1 and 2 are skipped: 3, 4 and 5 come next")
          .contains(zip(3), zip(4))
          .doesNotContain(zip(1), zip(2));
    }
  }

  @Test
  void aCorruptDayDownloadedAheadFailsTheJobWhenItReachesThatDayNotBefore() throws Exception {
    publishDays(4);
    String corrupt = zip(1);
    String published = archive.checksumOf(corrupt);
    archive.corrupt(corrupt);
    try (BinanceSource source = source(d -> {})) {
      source.plan(FEED, range(0, 4), day -> false);
      awaitRequested(zip(2));

      assertThat(source.fetch(FEED, start(0), start(4), 1000))
          .as("day 0 is read although day 1's download ahead has failed")
          .hasSize(1440);
      assertThatThrownBy(() -> source.fetch(FEED, start(1), start(4), 1000))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("archive file BTCUSDT-1m-2024-03-02.zip")
          .hasMessageContaining("does not match the published checksum " + published)
          .hasMessageContaining("after 3 attempt(s)");
      assertThat(archive.requests()).filteredOn(corrupt::equals).hasSize(3);
      assertThat(rest.requests()).as("a corrupt day never falls back to REST").isEmpty();
    }
  }

  @Test
  void closingTheSourceStopsItsDownloadsAhead() throws Exception {
    publishDays(4);
    Scripted[] outage = new Scripted[10_000];
    java.util.Arrays.fill(outage, Scripted.serverError());
    archive.script(outage);
    BinanceSource source = source(Sleeper.REAL);
    source.plan(FEED, range(0, 4), day -> false);
    awaitRequests(12);

    source.close();
    Thread.sleep(200);
    int afterClose = archive.requests().size();
    Thread.sleep(500);

    assertThat(archive.requests())
        .as("the three downloads were retrying the outage; closed, none asks again")
        .hasSize(afterClose);
  }

  @Test
  void downloadsWaitOnDiskUntilReadAndNoneOutlivesTheSource() throws Exception {
    publishDays(6);
    BinanceSource source = source(Sleeper.REAL);
    source.plan(FEED, range(0, 6), day -> false);

    source.fetch(FEED, start(0), start(6), 1000);
    awaitRequested(zip(3));
    awaitUntil(() -> downloaded().size() == 4, "day 0 being read and days 1-3 ahead on disk");
    source.fetch(FEED, start(1), start(6), 1000);
    awaitRequested(zip(4));
    awaitUntil(() -> downloaded().contains(name(4)), "day 4 on disk");

    assertThat(downloaded())
        .as("day 0, read, is deleted once the job moves on to day 1")
        .doesNotContain(name(0))
        .contains(name(1), name(2), name(3), name(4));
    source.close();
    assertThat(scratchFolders()).as("the source's folder, with what was left in it").isEmpty();
  }

  @Test
  void aCorruptDownloadIsNeverLeftOnDisk() throws Exception {
    publishDays(2);
    archive.corrupt(zip(0));
    try (BinanceSource source = source(d -> {})) {
      assertThatThrownBy(() -> source.fetch(FEED, start(0), start(1), 1000))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("does not match the published checksum");

      assertThat(downloaded()).isEmpty();
    }
  }

  @Test
  void tradesDaysAreDownloadedAheadToo() throws Exception {
    FeedKey tick = FeedKey.of("binance", "BTCUSDT", "tick", "1m");
    for (int d = 0; d < 5; d++) {
      long ms = start(d).plusSeconds(30).toEpochMilli();
      archive.dailyAggTrades(
          "BTCUSDT",
          day(d),
          List.of(new Trade(d * 2L, ms, 10, 1), new Trade(d * 2L + 1, ms, 11, 2)),
          false);
    }
    try (BinanceSource source = source(Sleeper.REAL)) {
      source.plan(tick, range(0, 5), day -> false);

      List<SourceRow> first = source.fetch(tick, start(0), start(5), 1000);
      awaitRequested(trades(3));

      assertThat(first).hasSize(2);
      assertThat(archive.requests())
          .as("while day 0's trades are read, days 1-3 download; a busy day on disk, not in memory")
          .contains(trades(1), trades(2))
          .doesNotContain(trades(4));
    }
  }

  @Test
  void withoutAPlanNothingIsDownloadedAhead() {
    publishDays(3);
    try (BinanceSource source = source(Sleeper.REAL)) {
      source.fetch(FEED, start(0), start(1), 1000);
    }
    assertThat(archive.requests()).containsExactly(zip(0) + ".CHECKSUM", zip(0));
  }

  private List<Candle> publishDays(int n) {
    List<Candle> all = TestCandles.range(start(0), start(n), Granularity.M1, 0);
    for (int i = 0; i < n; i++) {
      archive.dailyKlines(
          "BTCUSDT", Granularity.M1, day(i), all.subList(i * 1440, (i + 1) * 1440), false);
    }
    return all;
  }

  private void awaitRequested(String path) throws InterruptedException {
    awaitUntil(() -> archive.requests().contains(path), "no request for " + path);
  }

  private void awaitRequests(int n) throws InterruptedException {
    awaitUntil(() -> archive.requests().size() >= n, "fewer than " + n + " requests");
  }

  private static void awaitUntil(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException {
    for (int i = 0; i < 400 && !done.getAsBoolean(); i++) {
      Thread.sleep(25);
    }
    assertThat(done.getAsBoolean()).as(what).isTrue();
  }

  private BinanceSource source(Sleeper sleeper) {
    ProviderSettings s =
        ProviderSettings.defaults(LATER)
            .withBinanceUrl(rest.url())
            .withArchiveUrl(archive.url())
            .withScratchDir(scratch)
            .withRetry(
                new RetryPolicy(
                    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30)));
    return new BinanceSource(BinanceMarket.SPOT, s, 6000, sleeper);
  }

  /** The names of the downloaded files waiting in the scratch folders. */
  private List<String> downloaded() {
    return scratchFolders().stream()
        .flatMap(ArchiveAheadTest::list)
        .map(p -> p.getFileName().toString())
        .toList();
  }

  private List<Path> scratchFolders() {
    return list(scratch).toList();
  }

  private static Stream<Path> list(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String trades(int day) {
    return "data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-" + day(day) + ".zip";
  }

  private static String name(int day) {
    return FakeBinanceArchive.fileName("BTCUSDT", Granularity.M1, day(day));
  }

  private static String zip(int day) {
    return FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, day(day));
  }

  private static TimeRange range(int from, int to) {
    return new TimeRange(start(from), start(to));
  }

  private static LocalDate day(int i) {
    return D1.plusDays(i);
  }

  private static Instant start(int day) {
    return day(day).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
