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
  private static final byte[] CLOSE_TIME = MetaJson.quoted("close_time");
  private static final byte[] QUOTE_VOLUME = MetaJson.quoted("quote_volume");
  private static final byte[] TRADES = MetaJson.quoted("trades");
  private static final byte[] TAKER_BUY_BASE_VOLUME = MetaJson.quoted("taker_buy_base_volume");
  private static final byte[] TAKER_BUY_QUOTE_VOLUME = MetaJson.quoted("taker_buy_quote_volume");

  private BinanceMeta() {}

  /**
   * The candle's meta from a REST kline; the three volumes are decimal text as Binance sends it,
   * written in {@link Decimals#appendCanonical canonical form} (exact, and the same from CSV and
   * JSON).
   *
   * @throws NumberFormatException when a volume is not a number
   */
  static String kline(
      long closeTimeMs, String quoteVolume, long trades, String takerBase, String takerQuote) {
    String all = quoteVolume + takerBase + takerQuote;
    int base = quoteVolume.length();
    int quote = base + takerBase.length();
    return kline(
        new MetaJson(),
        closeTimeMs,
        trades,
        Decimals.latin1(all, 0, all.length()),
        new int[] {0, base, base, quote, quote, all.length()});
  }

  /**
   * The candle's meta, built in {@code out}; the quote volume, taker buy base and taker buy quote
   * volumes are {@code text[volumes[0], volumes[1])}, {@code [volumes[2], volumes[3])} and {@code
   * [volumes[4], volumes[5])}: an archive line's fields, read in place.
   *
   * @throws NumberFormatException when a volume is not a number
   */
  static String kline(MetaJson out, long closeTimeMs, long trades, byte[] text, int[] volumes) {
    out.begin().key(CLOSE_TIME).number(closeTimeMs).key(QUOTE_VOLUME);
    Decimals.appendCanonical(out, text, volumes[0], volumes[1]);
    out.key(TRADES).number(trades).key(TAKER_BUY_BASE_VOLUME);
    Decimals.appendCanonical(out, text, volumes[2], volumes[3]);
    out.key(TAKER_BUY_QUOTE_VOLUME);
    Decimals.appendCanonical(out, text, volumes[4], volumes[5]);
    return out.end();
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
