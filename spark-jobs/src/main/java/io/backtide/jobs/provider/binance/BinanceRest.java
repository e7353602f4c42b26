package io.backtide.jobs.provider.binance;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.jobs.provider.ProviderException;
import io.backtide.jobs.provider.ProviderHttp;
import io.backtide.jobs.provider.SourceRow;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A Binance market's REST history: {@code klines} for candle feeds, {@code aggTrades} for tick
 * feeds. Both take {@code startTime}/{@code endTime} in milliseconds with an inclusive end.
 */
final class BinanceRest {
  /** The most aggregate trades one aggTrades request returns. */
  static final int MAX_TRADES = 1000;

  /** aggTrades refuses a startTime/endTime window longer than one hour. */
  static final Duration TRADE_WINDOW = Duration.ofHours(1);

  private final BinanceMarket market;
  private final URI base;
  private final ProviderHttp http;

  BinanceRest(BinanceMarket market, URI url, ProviderHttp http) {
    String text = url.toString();
    this.market = market;
    this.base =
        URI.create(
            (text.endsWith("/") ? text.substring(0, text.length() - 1) : text)
                + market.restPrefix());
    this.http = http;
  }

  /** One page, as {@link io.backtide.jobs.provider.CandleSource#fetch} documents it. */
  List<SourceRow> fetch(FeedKey feed, Instant from, Instant end, int limit) {
    return feed.kind() == FeedKind.TICK
        ? trades(feed, from, end, Math.max(1, Math.min(limit, MAX_TRADES)))
        : http.get(klinesUri(feed, from, end, market.klinePage(limit)), BinanceParser::klines);
  }

  URI klinesUri(FeedKey feed, Instant from, Instant end, int limit) {
    return URI.create(
        base
            + "/klines?symbol="
            + feed.subject()
            + "&interval="
            + feed.granularity().code()
            + "&startTime="
            + ceilMillis(from)
            + "&endTime="
            + (ceilMillis(end) - 1)
            + "&limit="
            + limit);
  }

  /**
   * Walks hour windows from {@code from} until one has trades. When the page is full, the trades of
   * its last millisecond are dropped (unless they are all there is) so that the next page, which
   * starts at that millisecond, gets them all: the micro offsets that keep same-millisecond trades
   * apart are then the same on every run.
   */
  private List<SourceRow> trades(FeedKey feed, Instant from, Instant end, int limit) {
    Instant windowStart = from;
    while (windowStart.isBefore(end)) {
      Instant windowEnd = min(end, windowStart.plus(TRADE_WINDOW));
      URI uri =
          URI.create(
              base
                  + "/aggTrades?symbol="
                  + feed.subject()
                  + "&startTime="
                  + ceilMillis(windowStart)
                  + "&endTime="
                  + (ceilMillis(windowEnd) - 1)
                  + "&limit="
                  + limit);
      List<BinanceParser.Trade> trades = http.get(uri, BinanceParser::aggTrades);
      if (!trades.isEmpty()) {
        boolean full = trades.size() >= limit;
        if (full && trades.get(0).timeMs() == trades.get(trades.size() - 1).timeMs()) {
          requireNoMoreInThatMillisecond(feed, trades.get(trades.size() - 1));
        }
        return asCandles(trades, full);
      }
      windowStart = windowEnd;
    }
    return List.of();
  }

  /**
   * A full page of trades all in one millisecond: the next page starts at the next millisecond, so
   * any further trade in this one would be skipped. Asks for the trade after the page's last (by
   * id) and fails loudly if it is in the same millisecond: ticks are keyed by {@code ts_event} at
   * microsecond precision (same-millisecond trades are 1 µs apart), so more than 1000 trades in one
   * millisecond cannot be stored, and losing them silently is worse than stopping.
   */
  private void requireNoMoreInThatMillisecond(FeedKey feed, BinanceParser.Trade last) {
    URI uri =
        URI.create(
            base
                + "/aggTrades?symbol="
                + feed.subject()
                + "&fromId="
                + (last.id() + 1)
                + "&limit=1");
    List<BinanceParser.Trade> next = http.get(uri, BinanceParser::aggTrades);
    if (!next.isEmpty() && next.get(0).timeMs() == last.timeMs()) {
      throw new ProviderException(
          feed
              + ": more than "
              + MAX_TRADES
              + " aggregated trades in the millisecond "
              + Instant.ofEpochMilli(last.timeMs())
              + " (trade ids up to "
              + last.id()
              + " and beyond); ticks are stored one per microsecond, so they cannot all be kept",
          null,
          null);
    }
  }

  static List<SourceRow> asCandles(List<BinanceParser.Trade> trades, boolean full) {
    int keep = trades.size();
    long lastMs = trades.get(keep - 1).timeMs();
    if (full && trades.get(0).timeMs() != lastMs) {
      while (trades.get(keep - 1).timeMs() == lastMs) {
        keep--;
      }
    }
    List<SourceRow> rows = new ArrayList<>(keep);
    long previousMs = Long.MIN_VALUE;
    int sameMs = 0;
    for (int i = 0; i < keep; i++) {
      BinanceParser.Trade t = trades.get(i);
      sameMs = t.timeMs() == previousMs ? sameMs + 1 : 0;
      previousMs = t.timeMs();
      Instant ts = Instant.ofEpochMilli(t.timeMs()).plus(sameMs, ChronoUnit.MICROS);
      rows.add(new SourceRow(Candle.trade(ts, t.price(), t.quantity()), t.meta()));
    }
    return rows;
  }

  private static long ceilMillis(Instant t) {
    long ms = t.toEpochMilli();
    return Instant.ofEpochMilli(ms).equals(t) ? ms : ms + 1;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
