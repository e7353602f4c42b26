package io.backtide.jobs.provider.binance;

/**
 * The {@code meta} JSON of Binance rows, written the same way whether a row came from the archive
 * or from REST (the parsers hand over numbers, never their text), so a day's rows are identical
 * whichever path fetched them.
 *
 * <p>Candles: {@code close_time} (epoch milliseconds, the bar's last millisecond), {@code
 * quote_volume}, {@code trades} (number of trades), {@code taker_buy_base_volume}, {@code
 * taker_buy_quote_volume} (the volumes as the exchange's decimals, trailing zeros dropped). Ticks
 * (aggregate trades): {@code agg_trade_id}, {@code first_trade_id}, {@code last_trade_id}, {@code
 * is_buyer_maker}.
 */
final class BinanceMeta {
  static final String CLOSE_TIME = "close_time";
  static final String QUOTE_VOLUME = "quote_volume";
  static final String TRADES = "trades";
  static final String TAKER_BUY_BASE_VOLUME = "taker_buy_base_volume";
  static final String TAKER_BUY_QUOTE_VOLUME = "taker_buy_quote_volume";

  private BinanceMeta() {}

  /**
   * The candle's meta; the three volumes are decimal text as Binance sends it, written in {@link
   * Decimals#appendCanonical canonical form} (exact, and the same from CSV and JSON).
   *
   * @throws NumberFormatException when a volume is not a number
   */
  static String kline(
      long closeTimeMs, String quoteVolume, long trades, String takerBase, String takerQuote) {
    StringBuilder out =
        new StringBuilder(160).append("{\"" + CLOSE_TIME + "\":").append(closeTimeMs);
    Decimals.appendCanonical(
        out.append(",\"" + QUOTE_VOLUME + "\":"), quoteVolume, 0, quoteVolume.length());
    out.append(",\"" + TRADES + "\":").append(trades);
    Decimals.appendCanonical(
        out.append(",\"" + TAKER_BUY_BASE_VOLUME + "\":"), takerBase, 0, takerBase.length());
    Decimals.appendCanonical(
        out.append(",\"" + TAKER_BUY_QUOTE_VOLUME + "\":"), takerQuote, 0, takerQuote.length());
    return out.append('}').toString();
  }

  static String aggTrade(long aggId, long firstId, long lastId, boolean buyerMaker) {
    return "{\"agg_trade_id\":"
        + aggId
        + ",\"first_trade_id\":"
        + firstId
        + ",\"last_trade_id\":"
        + lastId
        + ",\"is_buyer_maker\":"
        + buyerMaker
        + "}";
  }
}
