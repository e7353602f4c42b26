package io.backtide.jobs.provider.binance;

import java.net.URI;

/**
 * The two Binance markets Backtide reads: spot ({@code binance}) and USD-M perpetual futures
 * ({@code binance-um}). They differ in REST paths, page size, request weights and archive folder;
 * the kline and aggTrades formats are the same.
 */
public enum BinanceMarket {
  /** {@code /api/v3/klines}: weight 2 whatever the limit, so the largest page (1000) is best. */
  SPOT("binance", URI.create("https://api.binance.com"), "/api/v3", "data/spot", 1000, 6000, false),
  /**
   * {@code /fapi/v1/klines}: the weight depends on {@code limit} (1 for 1-99, 2 for 100-499, 5 for
   * 500-1000, 10 above, up to 1500), so the page with the most rows per weight is 499 rows for 2
   * (250 rows per weight, against 200 at 1000 and 150 at 1500). At the futures limit of 2400 weight
   * a minute that is about 600,000 candles a minute.
   */
  USD_M(
      "binance-um",
      URI.create("https://fapi.binance.com"),
      "/fapi/v1",
      "data/futures/um",
      499,
      2400,
      true);

  private final String source;
  private final URI defaultUrl;
  private final String restPrefix;
  private final String archiveFolder;
  private final int bestPage;
  private final int weightLimitPerMinute;
  private final boolean weightByLimit;

  BinanceMarket(
      String source,
      URI defaultUrl,
      String restPrefix,
      String archiveFolder,
      int bestPage,
      int weightLimitPerMinute,
      boolean weightByLimit) {
    this.source = source;
    this.defaultUrl = defaultUrl;
    this.restPrefix = restPrefix;
    this.archiveFolder = archiveFolder;
    this.bestPage = bestPage;
    this.weightLimitPerMinute = weightLimitPerMinute;
    this.weightByLimit = weightByLimit;
  }

  /** The feed source that names this market. */
  public String source() {
    return source;
  }

  /** The REST base URL when the feed does not set {@code provider_url}. */
  public URI defaultUrl() {
    return defaultUrl;
  }

  /** {@code /api/v3} or {@code /fapi/v1}. */
  String restPrefix() {
    return restPrefix;
  }

  /** The market's folder under {@code {archive}/}: {@code data/spot}, {@code data/futures/um}. */
  String archiveFolder() {
    return archiveFolder;
  }

  /** The kline page size asked for a requested {@code limit}: capped at the best page. */
  int klinePage(int limit) {
    return Math.max(1, Math.min(limit, bestPage));
  }

  int weightLimitPerMinute() {
    return weightLimitPerMinute;
  }

  /** The request weight of a klines page of {@code limit} rows. */
  int klinesWeight(int limit) {
    if (!weightByLimit) {
      return 2;
    }
    return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
  }

  /** The market of a feed source, if it is a Binance one. */
  static java.util.Optional<BinanceMarket> ofSource(String source) {
    for (BinanceMarket m : values()) {
      if (m.source.equals(source)) {
        return java.util.Optional.of(m);
      }
    }
    return java.util.Optional.empty();
  }
}
