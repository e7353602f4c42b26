package io.backtide.jobs.testing;

import io.backtide.core.Candle;

/**
 * The fields Binance sends besides OHLCV, derived from the candle so that the fake REST exchange
 * and the fake archive serve the same klines: close time, quote volume (volume x close), 42 trades,
 * half the volume bought by takers.
 */
public final class TestKlines {
  private TestKlines() {}

  /** A kline with all its fields. */
  public record Kline(
      Candle candle,
      long openMs,
      long closeMs,
      double quoteVolume,
      long trades,
      double takerBase,
      double takerQuote) {

    /** The archive's CSV line, times in milliseconds or (files from 2025 on) microseconds. */
    public String csv(boolean micros) {
      long unit = micros ? 1000 : 1;
      long closeTime = micros ? closeMs * 1000 + 999 : closeMs;
      return String.join(
          ",",
          String.valueOf(openMs * unit),
          FakeBinanceJson.plain(candle.open()),
          FakeBinanceJson.plain(candle.high()),
          FakeBinanceJson.plain(candle.low()),
          FakeBinanceJson.plain(candle.close()),
          FakeBinanceJson.plain(candle.volume()),
          String.valueOf(closeTime),
          FakeBinanceJson.plain(quoteVolume),
          String.valueOf(trades),
          FakeBinanceJson.plain(takerBase),
          FakeBinanceJson.plain(takerQuote),
          "0");
    }

    /** The {@code meta} Backtide keeps for it. */
    public String meta() {
      return "{\"close_time\":"
          + closeMs
          + ",\"quote_volume\":"
          + decimal(quoteVolume)
          + ",\"trades\":"
          + trades
          + ",\"taker_buy_base_volume\":"
          + decimal(takerBase)
          + ",\"taker_buy_quote_volume\":"
          + decimal(takerQuote)
          + "}";
    }
  }

  /** A volume as meta writes it: the exact decimal, no trailing zeros. */
  static String decimal(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  public static Kline of(Candle c, long stepMs) {
    long open = c.tsEvent().toEpochMilli();
    return new Kline(
        c,
        open,
        open + stepMs - 1,
        c.volume() * c.close(),
        42,
        c.volume() / 2,
        c.volume() * c.close() / 2);
  }

  /** The aggTrades CSV line of a trade (spot: with the "best match" column). */
  public static String csv(FakeBinance.Trade t, boolean micros) {
    return String.join(
        ",",
        String.valueOf(t.id()),
        FakeBinanceJson.plain(t.price()),
        FakeBinanceJson.plain(t.quantity()),
        String.valueOf(t.firstId()),
        String.valueOf(t.lastId()),
        String.valueOf(micros ? t.timeMs() * 1000 + 7 : t.timeMs()),
        t.buyerMaker() ? "True" : "False",
        "True");
  }
}
