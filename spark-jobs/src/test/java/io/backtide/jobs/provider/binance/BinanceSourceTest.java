package io.backtide.jobs.provider.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.jobs.provider.ProviderException;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinance.Scripted;
import io.backtide.jobs.testing.FakeBinance.Trade;
import io.backtide.jobs.testing.TestCandles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BinanceSourceTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final FakeBinance fake = FakeBinance.start();
  final List<Duration> slept = new ArrayList<>();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void klinesPageHonoursStartInclusiveEndAndLimit() {
    fake.candles("BTCUSDT", "1m", TestCandles.range(T0, T0.plusSeconds(6000), Granularity.M1, 0));

    List<SourceRow> rows =
        source(6000).fetch(feed("candle"), T0.plusSeconds(120), T0.plusSeconds(600), 5);

    assertThat(rows)
        .extracting(r -> r.candle().tsEvent())
        .containsExactly(
            T0.plusSeconds(120),
            T0.plusSeconds(180),
            T0.plusSeconds(240),
            T0.plusSeconds(300),
            T0.plusSeconds(360));
    assertThat(rows.get(0).candle()).isEqualTo(TestCandles.at(T0.plusSeconds(120), 0));
    assertThat(fake.requests())
        .containsExactly(
            "/api/v3/klines?symbol=BTCUSDT&interval=1m"
                + "&startTime=1767225720000&endTime=1767226199999&limit=5");
  }

  @Test
  void bannedWith418WaitsForRetryAfter() {
    fake.candles("BTCUSDT", "1m", TestCandles.range(T0, T0.plusSeconds(600), Granularity.M1, 0));
    fake.script(Scripted.banned(7));

    assertThat(source(6000).fetch(feed("candle"), T0, T0.plusSeconds(600), 1000)).hasSize(10);
    assertThat(slept).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void slowsDownWhenTheUsedWeightNearsTheLimit() {
    fake.candles("BTCUSDT", "1m", TestCandles.range(T0, T0.plusSeconds(600), Granularity.M1, 0));
    fake.weightPerRequest(95);
    BinanceSource source = source(100);

    source.fetch(feed("candle"), T0, T0.plusSeconds(600), 1000);
    source.fetch(feed("candle"), T0, T0.plusSeconds(600), 1000);

    assertThat(slept).as("second request waits for the next minute").hasSize(1);
    assertThat(slept.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(61));
  }

  @Test
  void unknownSymbolFailsAtOnceWithTheBody() {
    assertThatThrownBy(() -> source(6000).fetch(feed("candle"), T0, T0.plusSeconds(600), 10))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("Invalid symbol")
        .hasMessageContaining("after 1 attempt(s)");
  }

  @Test
  void truncatedBodyIsMalformedNotEmptyAndRetried() {
    fake.candles("BTCUSDT", "1m", TestCandles.range(T0, T0.plusSeconds(600), Granularity.M1, 0));
    fake.script(Scripted.body("[[1767225600000,\"1.0\",\"2.0\""));

    assertThat(source(6000).fetch(feed("candle"), T0, T0.plusSeconds(600), 10)).hasSize(10);
    assertThat(fake.requests()).hasSize(2);
  }

  @Test
  void aBodyThatStaysMalformedFailsWithOneLineNamingTheParserProblem() {
    fake.failAlways(Scripted.body("[[1767225600000,\"1.0\",\"2.0\""));

    assertThatThrownBy(() -> shortPatience().fetch(feed("candle"), T0, T0.plusSeconds(600), 10))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("malformed klines body: Unexpected end-of-input")
        .hasMessageContaining("(HTTP 200), body: [[1767225600000,\"1.0\",\"2.0\"")
        .hasMessageContaining("/api/v3/klines?symbol=BTCUSDT")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Source:"));
  }

  @Test
  void aggTradesBecomeOnePriceCandlesWithTradeIdsAndDistinctMicros() {
    long ms = T0.plusSeconds(7200).toEpochMilli();
    fake.trades(
        "BTCUSDT",
        List.of(
            new Trade(11, ms, 100.5, 0.25),
            new Trade(12, ms, 100.6, 1.0),
            new Trade(13, ms + 5, 100.4, 2.0)));

    List<SourceRow> rows = source(6000).fetch(feed("tick"), T0, T0.plusSeconds(86_400), 1000);

    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).candle().tsEvent()).isEqualTo(Instant.ofEpochMilli(ms).plusNanos(1000));
    assertThat(rows.get(1).candle().high()).isEqualTo(100.6);
    assertThat(rows.get(1).candle().volume()).isEqualTo(1.0);
    assertThat(rows.get(1).meta())
        .isEqualTo(
            "{\"agg_trade_id\":12,\"first_trade_id\":12,\"last_trade_id\":12,"
                + "\"is_buyer_maker\":true}");
    assertThat(fake.requests()).as("two empty hour windows, then the one with trades").hasSize(3);
  }

  @Test
  void aFullPageInOneMillisecondWithMoreTradesAfterItFailsInsteadOfSkippingThem() {
    long ms = T0.plusSeconds(60).toEpochMilli();
    List<Trade> crowded = new ArrayList<>();
    for (int i = 1; i <= 1001; i++) {
      crowded.add(new Trade(i, ms, 100, 0.1));
    }
    fake.trades("BTCUSDT", crowded);

    assertThatThrownBy(() -> source(6000).fetch(feed("tick"), T0, T0.plusSeconds(3600), 1000))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("more than 1000 aggregated trades in the millisecond")
        .hasMessageContaining(Instant.ofEpochMilli(ms).toString())
        .hasMessageContaining("trade ids up to 1000");
    assertThat(fake.requests().get(1)).contains("fromId=1001").contains("limit=1");
  }

  @Test
  void exactlyAFullPageInOneMillisecondIsKept() {
    long ms = T0.plusSeconds(60).toEpochMilli();
    List<Trade> crowded = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      crowded.add(new Trade(i, ms, 100, 0.1));
    }
    crowded.add(new Trade(1001, ms + 1, 101, 0.2));
    fake.trades("BTCUSDT", crowded);

    List<SourceRow> rows = source(6000).fetch(feed("tick"), T0, T0.plusSeconds(3600), 1000);

    assertThat(rows).hasSize(1000);
    assertThat(rows.get(999).candle().tsEvent())
        .as("the 1000th trade of the millisecond, 999 µs in")
        .isEqualTo(Instant.ofEpochMilli(ms).plusNanos(999_000));
    assertThat(fake.requests()).as("the page, then the look at the next trade").hasSize(2);
  }

  /** Waits are recorded, not slept; a minute of patience (failing for good: shortPatience). */
  private BinanceSource source(int weightLimit) {
    return source(weightLimit, Duration.ofMinutes(1));
  }

  private BinanceSource shortPatience() {
    return source(6000, Duration.ofMillis(300));
  }

  private BinanceSource source(int weightLimit, Duration maxOutage) {
    ProviderSettings settings =
        ProviderSettings.defaults(Clock.system(ZoneOffset.UTC))
            .withBinanceUrl(fake.url())
            .withRetry(new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), maxOutage));
    return new BinanceSource(BinanceMarket.SPOT, settings, weightLimit, slept::add);
  }

  private static FeedKey feed(String kind) {
    return FeedKey.of("binance", "BTCUSDT", kind, "1m");
  }
}
