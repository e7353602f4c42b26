package io.backtide.jobs.testing;

import io.backtide.core.Candle;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** Binance's JSON answers, written by hand (fast enough to serve a benchmark). */
final class FakeBinanceJson {
  private static final String INVALID_SYMBOL = "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}";

  private FakeBinanceJson() {}

  static FakeBinance.Scripted klines(
      NavigableMap<Long, Candle> candles, Map<String, String> q, int maxLimit) {
    if (candles == null) {
      return new FakeBinance.Scripted(400, Map.of(), INVALID_SYMBOL);
    }
    long start = Long.parseLong(q.getOrDefault("startTime", "0"));
    long end = Long.parseLong(q.getOrDefault("endTime", String.valueOf(Long.MAX_VALUE)));
    int limit = Math.min(maxLimit, Integer.parseInt(q.getOrDefault("limit", "500")));
    long stepMs = stepMs(q.get("interval"));
    StringBuilder out = new StringBuilder(limit * 160).append('[');
    int n = 0;
    for (Candle c : candles.subMap(start, true, end, true).values()) {
      if (n++ == limit) {
        break;
      }
      TestKlines.Kline k = TestKlines.of(c, stepMs);
      out.append(n > 1 ? ",[" : "[").append(k.openMs());
      num(out, c.open());
      num(out, c.high());
      num(out, c.low());
      num(out, c.close());
      num(out, c.volume());
      out.append(',').append(k.closeMs());
      num(out, k.quoteVolume());
      out.append(',').append(k.trades());
      num(out, k.takerBase());
      num(out, k.takerQuote());
      out.append(",\"0\"]");
    }
    return FakeBinance.Scripted.body(out.append(']').toString());
  }

  static FakeBinance.Scripted aggTrades(
      NavigableMap<Long, List<FakeBinance.Trade>> trades, Map<String, String> q) {
    if (trades == null) {
      return new FakeBinance.Scripted(400, Map.of(), INVALID_SYMBOL);
    }
    if (q.containsKey("fromId")) {
      return tradesFromId(trades, Long.parseLong(q.get("fromId")), limit(q));
    }
    long start = Long.parseLong(q.getOrDefault("startTime", "0"));
    long end = Long.parseLong(q.getOrDefault("endTime", String.valueOf(start + 3_600_000 - 1)));
    if (end - start >= 3_600_000) {
      return new FakeBinance.Scripted(
          400,
          Map.of(),
          "{\"code\":-1127,\"msg\":\"More than 1 hours between startTime and endTime.\"}");
    }
    int limit = limit(q);
    StringBuilder out = new StringBuilder(limit * 120).append('[');
    int n = 0;
    synchronized (trades) {
      outer:
      for (List<FakeBinance.Trade> sameMs : trades.subMap(start, true, end, true).values()) {
        for (FakeBinance.Trade t : sameMs) {
          if (n++ == limit) {
            break outer;
          }
          trade(out.append(n > 1 ? "," : ""), t);
        }
      }
    }
    return FakeBinance.Scripted.body(out.append(']').toString());
  }

  /** Binance's {@code fromId} form: trades from that id on (in id order), no time window. */
  private static FakeBinance.Scripted tradesFromId(
      NavigableMap<Long, List<FakeBinance.Trade>> trades, long fromId, int limit) {
    StringBuilder out = new StringBuilder().append('[');
    synchronized (trades) {
      List<FakeBinance.Trade> after =
          trades.values().stream()
              .flatMap(List::stream)
              .filter(t -> t.id() >= fromId)
              .sorted(java.util.Comparator.comparingLong(FakeBinance.Trade::id))
              .limit(limit)
              .toList();
      for (int i = 0; i < after.size(); i++) {
        trade(out.append(i > 0 ? "," : ""), after.get(i));
      }
    }
    return FakeBinance.Scripted.body(out.append(']').toString());
  }

  private static void trade(StringBuilder out, FakeBinance.Trade t) {
    out.append("{\"a\":")
        .append(t.id())
        .append(",\"p\":\"")
        .append(plain(t.price()))
        .append("\",\"q\":\"")
        .append(plain(t.quantity()))
        .append("\",\"f\":")
        .append(t.firstId())
        .append(",\"l\":")
        .append(t.lastId())
        .append(",\"T\":")
        .append(t.timeMs())
        .append(",\"m\":")
        .append(t.buyerMaker())
        .append(",\"M\":true}");
  }

  private static int limit(Map<String, String> q) {
    return Math.min(1000, Integer.parseInt(q.getOrDefault("limit", "500")));
  }

  static long stepMs(String interval) {
    if (interval == null) {
      return 60_000;
    }
    long n = Long.parseLong(interval.substring(0, interval.length() - 1));
    return switch (interval.charAt(interval.length() - 1)) {
      case 's' -> n * 1000;
      case 'm' -> n * 60_000;
      case 'h' -> n * 3_600_000;
      case 'd' -> n * 86_400_000;
      default -> throw new IllegalArgumentException("interval " + interval);
    };
  }

  private static void num(StringBuilder out, double v) {
    out.append(",\"").append(plain(v)).append('"');
  }

  static String plain(double v) {
    String s = Double.toString(v);
    return s.indexOf('E') < 0 ? s : java.math.BigDecimal.valueOf(v).toPlainString();
  }
}
