package io.backtide.jobs.provider.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.DayOrigin;
import io.backtide.jobs.provider.ProviderException;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinance.Scripted;
import io.backtide.jobs.testing.FakeBinance.Trade;
import io.backtide.jobs.testing.FakeBinanceArchive;
import io.backtide.jobs.testing.LogCapture;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestKlines;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BinanceArchiveSourceTest {
  static final LocalDate DAY1 = LocalDate.parse("2024-03-01");
  static final Instant T1 = start(DAY1);
  static final Clock LATER = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);
  static final FeedKey FEED = FeedKey.of("binance", "BTCUSDT", "candle", "1m");

  final FakeBinance rest = FakeBinance.start();
  final FakeBinanceArchive archive = FakeBinanceArchive.start();
  final List<Duration> slept = java.util.Collections.synchronizedList(new ArrayList<>());
  final List<BinanceSource> sources = new ArrayList<>();

  @AfterEach
  void stop() {
    // before the fakes: a source's downloads ahead would retry a closed server
    sources.forEach(BinanceSource::close);
    rest.close();
    archive.close();
  }

  @Test
  void aDayBeforeTheLastTwoComesFromItsVerifiedArchiveFileWithEveryKlineField() {
    List<Candle> day = day(DAY1);
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, day, false);

    List<SourceRow> rows = source(LATER).fetch(FEED, T1, start(DAY1.plusDays(1)), 1000);

    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(day);
    assertThat(rows.get(0).meta()).isEqualTo(TestKlines.of(day.get(0), 60_000).meta());
    assertThat(rows.get(0).meta())
        .as("documented keys, close time in ms")
        .startsWith("{\"close_time\":" + (T1.toEpochMilli() + 59_999) + ",\"quote_volume\":")
        .contains("\"trades\":42,\"taker_buy_base_volume\":1.25,\"taker_buy_quote_volume\":");
    assertThat(archive.requests())
        .containsExactly(
            FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, DAY1) + ".CHECKSUM",
            FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, DAY1));
    assertThat(rest.requests()).isEmpty();
  }

  @Test
  void theArchiveAndRestGiveTheSameRowsForTheSameDay() {
    List<Candle> day = day(DAY1);
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, day, false);
    rest.candles("BTCUSDT", "1m", day);

    List<SourceRow> fromArchive = page(source(LATER), FEED, T1, start(DAY1.plusDays(1)));
    List<SourceRow> fromRest = page(restOnly(), FEED, T1, start(DAY1.plusDays(1)));

    assertThat(fromRest).hasSize(1440);
    assertThat(fromArchive).as("candles and meta, row by row").isEqualTo(fromRest);
    assertThat(rest.requests()).as("only the REST-only source asked REST").hasSize(2);
  }

  @Test
  void microsecondTimesFrom2025AreDetectedFromTheirMagnitude() {
    LocalDate day = LocalDate.parse("2025-01-02");
    List<Candle> candles = day(day);
    archive.dailyKlines("BTCUSDT", Granularity.M1, day, candles, true);
    rest.candles("BTCUSDT", "1m", candles);
    Clock clock = Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC);

    List<SourceRow> rows = page(source(clock), FEED, start(day), start(day.plusDays(1)));

    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(candles);
    assertThat(rows).isEqualTo(page(restOnly(), FEED, start(day), start(day.plusDays(1))));
  }

  @Test
  void aMillisecondFileDatedAfter2025IsStillReadInMilliseconds() {
    LocalDate day = LocalDate.parse("2025-01-02");
    archive.dailyKlines("BTCUSDT", Granularity.M1, day, day(day), false);
    Clock clock = Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC);

    List<SourceRow> rows = source(clock).fetch(FEED, start(day), start(day.plusDays(1)), 1000);

    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(day(day));
  }

  @Test
  void aCorruptedZipIsDownloadedAgainThenFailsNamingTheFileAndBothDigests() {
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, day(DAY1), false);
    String path = FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, DAY1);
    String published = archive.checksumOf(path);
    archive.corrupt(path);

    assertThatThrownBy(() -> source(LATER).fetch(FEED, T1, start(DAY1.plusDays(1)), 1000))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("archive file BTCUSDT-1m-2024-03-01.zip")
        .hasMessageContaining("does not match the published checksum " + published)
        .hasMessageMatching(".*sha256 [0-9a-f]{64} of the download.*")
        .hasMessageContaining("after 3 attempt(s)");
    assertThat(archive.requests()).filteredOn(p -> p.equals(path)).hasSize(3);
    assertThat(slept).as("backoff between the attempts").hasSize(2);
    assertThat(rest.requests()).as("a corrupt day never falls back silently").isEmpty();
  }

  @Test
  void aDayTheArchiveDoesNotHaveComesFromRestAndOnlyThatDay() {
    LocalDate day2 = DAY1.plusDays(1);
    LocalDate day3 = DAY1.plusDays(2);
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, day(DAY1), false);
    archive.dailyKlines("BTCUSDT", Granularity.M1, day3, day(day3), false);
    rest.candles(
        "BTCUSDT", "1m", TestCandles.range(T1, start(day3.plusDays(1)), Granularity.M1, 0));

    BinanceSource source = source(LATER);
    List<SourceRow> rows = page(source, FEED, T1, start(day3.plusDays(1)));

    assertThat(source.origin(DAY1))
        .contains(
            DayOrigin.archive(
                archive.checksumOf(FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, DAY1))));
    assertThat(source.origin(day2)).contains(DayOrigin.REST);
    assertThat(source.origin(day3.plusDays(1))).as("not served").isEmpty();
    assertThat(rows)
        .extracting(SourceRow::candle)
        .containsExactlyElementsOf(
            TestCandles.range(T1, start(day3.plusDays(1)), Granularity.M1, 0));
    assertThat(rest.requests()).as("REST pages of day 2 only").hasSize(2);
    assertThat(rest.requests().get(0)).contains("startTime=" + start(day2).toEpochMilli() + "&");
    assertThat(rest.requests().get(1)).contains("endTime=" + (start(day3).toEpochMilli() - 1));
    assertThat(rows.subList(1440, 2880))
        .as("REST rows keep every kline field too")
        .allMatch(r -> r.meta().contains("\"trades\":42"));
  }

  @Test
  void candlesAnArchiveDayLacksAreAskedOfRestWhichFillsThemAndTheDayIsMixed() {
    List<Candle> whole = day(DAY1);
    List<Candle> archived = new ArrayList<>(whole);
    archived.subList(1435, 1440).clear(); // its last five minutes
    archived.subList(600, 605).clear();
    archived.subList(0, 10).clear(); // its first ten
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, archived, false);
    rest.candles("BTCUSDT", "1m", whole);
    BinanceSource source = source(LATER);

    List<SourceRow> rows = source.fetch(FEED, T1, start(DAY1.plusDays(1)), 1000);

    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(whole);
    assertThat(rows).as("REST rows with every kline field too").isEqualTo(restOnlyDay(whole));
    assertThat(rest.requests())
        .as("one request per run of missing candles, nothing else")
        .containsExactly(
            klines(T1, T1.plusSeconds(10 * 60)),
            klines(T1.plusSeconds(600 * 60), T1.plusSeconds(605 * 60)),
            klines(T1.plusSeconds(1435 * 60), start(DAY1.plusDays(1))));
    assertThat(source.origin(DAY1))
        .contains(
            DayOrigin.archive(
                    archive.checksumOf(
                        FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, DAY1)))
                .and(DayOrigin.REST));
  }

  @Test
  void aGapTheExchangeHasTooIsConfirmedByOneEmptyRestAnswerAndTheDayStaysArchive() {
    List<Candle> archived = new ArrayList<>(day(DAY1));
    archived.subList(120, 840).clear(); // twelve hours of maintenance
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, archived, false);
    rest.candles("BTCUSDT", "1m", archived);
    BinanceSource source = source(LATER);

    List<SourceRow> rows = page(source, FEED, T1, start(DAY1.plusDays(1)));

    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(archived);
    assertThat(rest.requests())
        .as("720 missing candles, one answer")
        .containsExactly(klines(T1.plusSeconds(120 * 60), T1.plusSeconds(840 * 60)));
    assertThat(source.origin(DAY1))
        .contains(
            DayOrigin.archive(
                archive.checksumOf(FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, DAY1))));
  }

  @Test
  void aPageThatStartsInsideTheDayAsksRestOnlyForItsOwnHoles() {
    List<Candle> archived = new ArrayList<>(day(DAY1));
    archived.subList(600, 605).clear();
    archived.subList(0, 10).clear();
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, archived, false);
    rest.candles("BTCUSDT", "1m", archived);

    List<SourceRow> rows =
        source(LATER).fetch(FEED, T1.plusSeconds(3600), start(DAY1.plusDays(1)), 1000);

    assertThat(rows).hasSize(1440 - 60 - 5);
    assertThat(rest.requests())
        .as("the first hour was not asked for, so its missing minutes are not either")
        .containsExactly(klines(T1.plusSeconds(600 * 60), T1.plusSeconds(605 * 60)));
  }

  @Test
  void anArchiveThatRefusesAccessIsLeftForRestForTheRestOfTheJob() throws Exception {
    LocalDate day2 = DAY1.plusDays(1);
    Instant end = start(DAY1.plusDays(2));
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, day(DAY1), false);
    archive.dailyKlines("BTCUSDT", Granularity.M1, day2, day(day2), false);
    archive.refuseAccess();
    rest.candles("BTCUSDT", "1m", twoDays(DAY1));
    BinanceSource source = source(LATER);
    StringWriter log = new StringWriter();

    List<SourceRow> rows = plannedAndPaged(source, T1, end, log);

    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(twoDays(DAY1));
    assertThat(source.origin(DAY1)).contains(DayOrigin.REST);
    assertThat(source.origin(day2)).contains(DayOrigin.REST);
    assertThat(archive.requests())
        .as("the checksums planned before the first refusal, nothing after it")
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(2)
        .allMatch(p -> p.endsWith(".CHECKSUM"));
    assertThat(source.notes())
        .as("the operator sees it with the job, not only in its log")
        .singleElement()
        .asString()
        .startsWith(FEED + ": the archive refuses access (")
        .contains("HTTP 403");
    assertThat(log.toString())
        .contains("WARN " + FEED + ": the archive refuses access (")
        .contains("HTTP 403")
        .contains("AccessDenied")
        .contains(DAY1 + " and the job's other days come from REST");
  }

  @Test
  void atMostTwentyFourRunsOfMissingCandlesOfADayAreAskedOfRest() {
    List<Candle> whole = day(DAY1);
    List<Candle> archived = new ArrayList<>();
    for (int i = 0; i < whole.size(); i++) {
      if (i % 10 != 5 || i > 300) {
        archived.add(whole.get(i)); // thirty single missing minutes: 5, 15, ..., 295
      }
    }
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, archived, false);
    rest.candles("BTCUSDT", "1m", whole);

    BinanceSource source = source(LATER);
    List<SourceRow> rows = source.fetch(FEED, T1, start(DAY1.plusDays(1)), 1000);

    assertThat(rest.requests()).hasSize(BinanceSource.HOLE_RUNS_ASKED).hasSize(24);
    assertThat(rest.requests().get(23))
        .isEqualTo(klines(T1.plusSeconds(235 * 60), T1.plusSeconds(236 * 60)));
    assertThat(rows).as("the first 24 filled, the last 6 left missing").hasSize(1440 - 6);
    assertThat(rows.get(245).candle()).isEqualTo(whole.get(246));
    assertThat(source.unasked(DAY1))
        .as("the six runs never asked, so that the gap report does not call them confirmed")
        .containsExactly(
            IntStream.of(245, 255, 265, 275, 285, 295)
                .mapToObj(m -> new TimeRange(T1.plusSeconds(m * 60), T1.plusSeconds(m * 60 + 60)))
                .toArray(TimeRange[]::new));
    assertThat(source.notes())
        .containsExactly(
            FEED
                + ": archive file BTCUSDT-1m-"
                + DAY1
                + ".zip lacks candles in 30 runs; REST was asked about the first 24, the other 6"
                + " stay missing, not confirmed");
  }

  @Test
  void aDelistedSymbolKeepsItsArchiveDaysAsTheyAreWhenRestRefusesIt() {
    LocalDate day2 = DAY1.plusDays(1);
    List<Candle> first = new ArrayList<>(day(DAY1));
    first.subList(600, 605).clear();
    List<Candle> second = new ArrayList<>(day(day2));
    second.subList(10, 20).clear();
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, first, false);
    archive.dailyKlines("BTCUSDT", Granularity.M1, day2, second, false);
    // the fake exchange knows no candles of the symbol: it answers 400 "Invalid symbol."

    BinanceSource source = source(LATER);
    List<SourceRow> rows = page(source, FEED, T1, start(day2.plusDays(1)));

    List<Candle> both = new ArrayList<>(first);
    both.addAll(second);
    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(both);
    assertThat(rest.requests())
        .as("asked once; a refused symbol is not asked again")
        .containsExactly(klines(T1.plusSeconds(600 * 60), T1.plusSeconds(605 * 60)));
    assertThat(source.unasked(DAY1))
        .as("refused is not an answer: neither run is confirmed")
        .containsExactly(new TimeRange(T1.plusSeconds(600 * 60), T1.plusSeconds(605 * 60)));
    assertThat(source.notes())
        .as("said once, not once per file")
        .singleElement()
        .asString()
        .startsWith(FEED + ": REST refuses the symbol (")
        .endsWith("the candles archive files lack stay missing, not confirmed");
    assertThat(source.unasked(day2))
        .containsExactly(
            new TimeRange(start(day2).plusSeconds(600), start(day2).plusSeconds(1200)));
  }

  @Test
  void theLastTwoDaysComeFromRestEvenWhenTheArchiveHasThem() {
    LocalDate yesterday = DAY1.plusDays(1);
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, day(DAY1), false);
    archive.dailyKlines("BTCUSDT", Granularity.M1, yesterday, day(yesterday), false);
    rest.candles("BTCUSDT", "1m", day(yesterday));
    Clock clock = Clock.fixed(start(yesterday.plusDays(1)).plusSeconds(3600), ZoneOffset.UTC);

    List<SourceRow> rows = page(source(clock), FEED, T1, start(yesterday.plusDays(1)));

    assertThat(rows).hasSize(2880);
    assertThat(archive.requests()).noneMatch(p -> p.contains(yesterday.toString()));
    assertThat(rest.requests()).hasSize(2).allMatch(r -> r.startsWith("/api/v3/klines"));
  }

  @Test
  void aWholePlannedMonthComesFromItsMonthlyFile() {
    YearMonth feb = YearMonth.of(2024, 2);
    Instant from = start(feb.atDay(1));
    Instant to = start(feb.plusMonths(1).atDay(1));
    List<Candle> month = TestCandles.range(from, to, Granularity.M1, 0);
    archive.monthlyKlines("BTCUSDT", Granularity.M1, feb, month);
    BinanceSource source = source(LATER);
    source.plan(FEED, new TimeRange(from, to));

    List<SourceRow> rows = page(source, FEED, from, to);

    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(month);
    assertThat(archive.requests())
        .as("one download, read a day per page")
        .containsExactly(
            "data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2024-02.zip.CHECKSUM",
            "data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2024-02.zip");
  }

  @Test
  void aMonthlyFileThatNeverMatchesItsChecksumGivesWayToTheDailyFiles() throws Exception {
    YearMonth feb = YearMonth.of(2024, 2);
    Instant from = start(feb.atDay(1));
    Instant to = start(feb.plusMonths(1).atDay(1));
    List<Candle> month = TestCandles.range(from, to, Granularity.M1, 0);
    archive.monthlyKlines("BTCUSDT", Granularity.M1, feb, month);
    String monthly = "data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2024-02.zip";
    archive.corrupt(monthly);
    for (LocalDate d = feb.atDay(1); d.isBefore(feb.plusMonths(1).atDay(1)); d = d.plusDays(1)) {
      archive.dailyKlines("BTCUSDT", Granularity.M1, d, day(d), false);
    }
    BinanceSource source = source(LATER);
    StringWriter log = new StringWriter();

    List<SourceRow> rows = plannedAndPaged(source, from, to, log);

    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(month);
    assertThat(archive.requests())
        .as("the monthly file three times, then each day's")
        .filteredOn(monthly::equals)
        .hasSize(BinanceArchive.DOWNLOADS_PER_FILE);
    assertThat(source.origin(feb.atDay(14)))
        .contains(
            DayOrigin.archive(
                archive.checksumOf(
                    FakeBinanceArchive.dailyPath("BTCUSDT", Granularity.M1, feb.atDay(14)))));
    assertThat(source.notes())
        .singleElement()
        .asString()
        .startsWith(FEED + ": archive file BTCUSDT-1m-2024-02.zip: sha256 ")
        .endsWith("; the month's daily files are used instead");
    assertThat(log.toString())
        .contains("WARN " + FEED + ": archive file BTCUSDT-1m-2024-02.zip: sha256 ")
        .contains("does not match the published checksum " + archive.checksumOf(monthly))
        .contains("the month's daily files are used instead");
    assertThat(rest.requests()).isEmpty();
  }

  @Test
  void aMonthNotWhollyPlannedOrNotPublishedUsesDailyFiles() {
    YearMonth feb = YearMonth.of(2024, 2);
    Instant from = start(feb.atDay(1));
    LocalDate second = feb.atDay(2);
    archive.dailyKlines("BTCUSDT", Granularity.M1, feb.atDay(1), day(feb.atDay(1)), false);
    archive.dailyKlines("BTCUSDT", Granularity.M1, second, day(second), false);
    BinanceSource source = source(LATER);
    source.plan(FEED, new TimeRange(from, start(feb.plusMonths(1).atDay(1))));

    List<SourceRow> rows = page(source, FEED, from, start(feb.atDay(3)));

    assertThat(rows).hasSize(2880);
    assertThat(archive.requests())
        .startsWith("data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2024-02.zip.CHECKSUM")
        .filteredOn(p -> p.contains("monthly"))
        .as("asked once, not again for the next day")
        .hasSize(1);
  }

  @Test
  void archiveDownloadsWaitOutRetryAfterAndRetryServerErrors() {
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, day(DAY1), false);
    archive.script(Scripted.tooManyRequests(7), Scripted.serverError());

    List<SourceRow> rows = source(LATER).fetch(FEED, T1, start(DAY1.plusDays(1)), 1000);

    assertThat(rows).hasSize(1440);
    assertThat(slept).hasSize(2).first().isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aFuturesDayComesFromTheFuturesArchiveAndItsTailFromFapi() {
    FeedKey um = FeedKey.of("binance-um", "BTCUSDT", "candle", "1m");
    Clock clock = Clock.fixed(start(DAY1.plusDays(1)).plusSeconds(60), ZoneOffset.UTC);
    LocalDate before = DAY1.minusDays(1);
    archive.futuresDailyKlines("BTCUSDT", Granularity.M1, before, day(before));
    rest.candles("BTCUSDT", "1m", day(DAY1));
    BinanceSource source =
        new BinanceSource(BinanceMarket.USD_M, settings(clock), 2400, slept::add);

    List<SourceRow> rows = page(source, um, start(before), start(DAY1.plusDays(1)));

    assertThat(source.name()).isEqualTo("binance-um");
    assertThat(rows).extracting(SourceRow::candle).containsExactlyElementsOf(twoDays(before));
    assertThat(archive.requests())
        .contains("data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-02-29.zip");
    assertThat(rest.requests())
        .as("the most rows per weight: 499 for weight 2")
        .hasSize(3)
        .allMatch(r -> r.startsWith("/fapi/v1/klines?") && r.endsWith("&limit=499"));
  }

  @Test
  void aRateLimitPacesRestRequestsAndNeverArchiveFiles() {
    List<Candle> all = TestCandles.range(T1, start(DAY1.plusDays(3)), Granularity.M1, 0);
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, all.subList(0, 1440), false);
    archive.dailyKlines(
        "BTCUSDT", Granularity.M1, DAY1.plusDays(1), all.subList(1440, 2880), false);
    rest.candles("BTCUSDT", "1m", all);
    BinanceSource source =
        new BinanceSource(
            BinanceMarket.SPOT, settings(LATER).withRestRequestsPerMinute(60), 6000, slept::add);
    sources.add(source);

    List<SourceRow> rows = page(source, FEED, T1, start(DAY1.plusDays(3)));

    assertThat(rows).extracting(SourceRow::candle).isEqualTo(all);
    assertThat(archive.requests())
        .as("two days, each a zip and its checksum, and day 3's checksum (404)")
        .hasSize(5);
    assertThat(rest.requests()).as("day 3 from REST in pages of 1000").hasSize(2);
    assertThat(slept)
        .filteredOn(d -> d.compareTo(Duration.ofMillis(500)) > 0)
        .as(
            "one wait of about a second (60 a minute) before the second REST request, none for files")
        .hasSize(1);
  }

  @Test
  void aggTradesComeFromTheArchiveLikeRestWithIdsAndBuyerMaker() {
    FeedKey tick = FeedKey.of("binance", "BTCUSDT", "tick", "1m");
    long ms = T1.plusSeconds(60).toEpochMilli();
    List<Trade> trades =
        List.of(
            new Trade(11, ms, 100.5, 0.25, 20, 22, false),
            new Trade(12, ms, 100.6, 1.0, 23, 23, true),
            new Trade(13, ms + 5, 100.4, 2.0, 24, 30, false));
    archive.dailyAggTrades("BTCUSDT", DAY1, trades, false);
    rest.trades("BTCUSDT", trades);

    List<SourceRow> fromArchive = page(source(LATER), tick, T1, start(DAY1.plusDays(1)));
    List<SourceRow> fromRest = page(restOnly(), tick, T1, start(DAY1.plusDays(1)));

    assertThat(fromArchive).hasSize(3).isEqualTo(fromRest);
    assertThat(fromArchive.get(1).candle().tsEvent()).isEqualTo(ofEpochMilli(ms, 1));
    assertThat(fromArchive.get(0).meta())
        .isEqualTo(
            "{\"agg_trade_id\":11,\"first_trade_id\":20,\"last_trade_id\":22,"
                + "\"is_buyer_maker\":false}");
  }

  @Test
  void tradesComeFromDailyFilesEvenWhenTheWholeMonthIsPlanned() {
    FeedKey tick = FeedKey.of("binance", "BTCUSDT", "tick", "1m");
    YearMonth feb = YearMonth.of(2024, 2);
    LocalDate first = feb.atDay(1);
    long ms = start(first).plusSeconds(30).toEpochMilli();
    List<Trade> trades = List.of(new Trade(1, ms, 10, 1), new Trade(2, ms + 1, 11, 2));
    archive.dailyAggTrades("BTCUSDT", first, trades, false);
    BinanceSource source = source(LATER);
    source.plan(tick, new TimeRange(start(first), start(feb.plusMonths(1).atDay(1))));

    List<SourceRow> rows = source.fetch(tick, start(first), start(first.plusDays(1)), 1000);

    assertThat(rows).hasSize(2);
    assertThat(archive.requests())
        .as("a month of a busy symbol's trades is gigabytes in one download: never asked")
        .noneMatch(p -> p.contains("monthly"))
        .contains("data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-02-01.zip");
  }

  @Test
  void aggTradesInMicrosecondsKeepTheRestKeys() {
    FeedKey tick = FeedKey.of("binance", "BTCUSDT", "tick", "1m");
    LocalDate day = LocalDate.parse("2025-02-01");
    long ms = start(day).plusSeconds(5).toEpochMilli();
    List<Trade> trades = List.of(new Trade(1, ms, 10, 1), new Trade(2, ms, 11, 2));
    archive.dailyAggTrades("BTCUSDT", day, trades, true);
    rest.trades("BTCUSDT", trades);
    Clock clock = Clock.fixed(Instant.parse("2025-03-01T00:00:00Z"), ZoneOffset.UTC);

    List<SourceRow> rows = page(source(clock), tick, start(day), start(day.plusDays(1)));

    assertThat(rows).isEqualTo(page(restOnly(), tick, start(day), start(day.plusDays(1))));
  }

  @Test
  void aRowThatIsNotAKlineFailsNamingTheFileAndLine() {
    List<Candle> day = new ArrayList<>(day(DAY1));
    day.set(3, day.get(2));
    archive.dailyKlines("BTCUSDT", Granularity.M1, DAY1, day, false);

    assertThatThrownBy(() -> source(LATER).fetch(FEED, T1, start(DAY1.plusDays(1)), 1000))
        .hasMessageContaining("archive file BTCUSDT-1m-2024-03-01.zip line 4")
        .hasMessageContaining("does not follow the row before");
  }

  private static Instant ofEpochMilli(long ms, int micros) {
    return Instant.ofEpochMilli(ms).plus(micros, ChronoUnit.MICROS);
  }

  /** Plans and pages {@code [from, end)} of {@link #FEED} like a job, logging into {@code log}. */
  private static List<SourceRow> plannedAndPaged(
      BinanceSource source, Instant from, Instant end, StringWriter log) throws Exception {
    try (AutoCloseable capture = LogCapture.of(BinanceSource.class, log, "%level %msg%n")) {
      source.plan(FEED, new TimeRange(from, end));
      return page(source, FEED, from, end);
    }
  }

  /** Pages like the backfill loop: from the cursor, next after the last row, until empty. */
  static List<SourceRow> page(BinanceSource source, FeedKey feed, Instant from, Instant end) {
    List<SourceRow> all = new ArrayList<>();
    Instant at = from;
    while (at.isBefore(end)) {
      List<SourceRow> rows = source.fetch(feed, at, end, 1000);
      if (rows.isEmpty()) {
        break;
      }
      all.addAll(rows);
      Instant last = rows.get(rows.size() - 1).candle().tsEvent();
      at =
          feed.kind() == io.backtide.core.FeedKind.TICK
              ? last.truncatedTo(ChronoUnit.MILLIS).plusMillis(1)
              : last.plus(feed.granularity().duration());
    }
    return all;
  }

  /** The REST request for the candles of {@code [from, end)}. */
  private static String klines(Instant from, Instant end) {
    return "/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime="
        + from.toEpochMilli()
        + "&endTime="
        + (end.toEpochMilli() - 1)
        + "&limit=1000";
  }

  /** {@code candles} as REST serves them, from a second fake exchange. */
  private List<SourceRow> restOnlyDay(List<Candle> candles) {
    try (FakeBinance other = FakeBinance.start()) {
      other.candles("BTCUSDT", "1m", candles);
      Instant from = candles.get(0).tsEvent();
      Instant end = candles.get(candles.size() - 1).tsEvent().plusSeconds(60);
      return page(restOnly(other.url()), FEED, from, end);
    }
  }

  private BinanceSource source(Clock clock) {
    BinanceSource source = new BinanceSource(BinanceMarket.SPOT, settings(clock), 6000, slept::add);
    sources.add(source);
    return source;
  }

  private BinanceSource restOnly() {
    return restOnly(rest.url());
  }

  /** A source without an archive, against the REST exchange at {@code url}. */
  private BinanceSource restOnly(java.net.URI url) {
    ProviderSettings s =
        ProviderSettings.defaults(LATER)
            .withBinanceUrl(url)
            .withRetry(
                new RetryPolicy(
                    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30)));
    return new BinanceSource(BinanceMarket.SPOT, s, 6000, slept::add);
  }

  private ProviderSettings settings(Clock clock) {
    return ProviderSettings.defaults(clock)
        .withBinanceUrl(rest.url())
        .withBinanceUmUrl(rest.url())
        .withArchiveUrl(archive.url())
        .withRetry(
            new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30)));
  }

  private static List<Candle> day(LocalDate day) {
    return TestCandles.range(start(day), start(day.plusDays(1)), Granularity.M1, 0);
  }

  private static List<Candle> twoDays(LocalDate first) {
    return TestCandles.range(start(first), start(first.plusDays(2)), Granularity.M1, 0);
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
