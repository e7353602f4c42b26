package io.backtide.jobs.provider;

import io.backtide.core.FeedKey;
import io.backtide.core.Provider;
import io.backtide.jobs.provider.binance.BinanceMarket;
import io.backtide.jobs.provider.binance.BinanceSource;
import io.backtide.jobs.provider.sim.SimSource;

/** Picks the provider by the feed's source. There is no fallback: an unknown source is an error. */
public final class CandleSources {
  private CandleSources() {}

  /**
   * The provider for {@code feed.source()}.
   *
   * @throws IllegalArgumentException naming the source and the known ones
   */
  public static CandleSource forFeed(FeedKey feed, ProviderSettings settings) {
    return switch (feed.source()) {
      case BinanceSource.NAME -> new BinanceSource(BinanceMarket.SPOT, settings);
      case BinanceSource.UM_NAME -> new BinanceSource(BinanceMarket.USD_M, settings);
      case SimSource.NAME -> new SimSource(settings.simSeed());
      default ->
          throw new IllegalStateException(
              "no source for provider " + Provider.of(feed.source()).code());
    };
  }

  /**
   * Whether the source fetches over HTTP, so that a rate limit belongs on its requests ({@link
   * ProviderSettings#withRestRequestsPerMinute}) rather than on its pages.
   */
  public static boolean usesHttp(String source) {
    return !SimSource.NAME.equals(source);
  }
}
