package io.backtide.jobs.provider;

import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.binance.BinanceMarket;
import io.backtide.jobs.provider.binance.BinanceSource;
import io.backtide.jobs.provider.sim.SimSource;
import java.util.List;

/** Picks the provider by the feed's source. There is no fallback: an unknown source is an error. */
public final class CandleSources {
  /** The sources this build knows. */
  public static final List<String> KNOWN =
      List.of(BinanceSource.NAME, BinanceSource.UM_NAME, SimSource.NAME);

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
      default -> throw unknown(feed.source());
    };
  }

  /**
   * Whether the source fetches over HTTP, so that a rate limit belongs on its requests ({@link
   * ProviderSettings#withRestRequestsPerMinute}) rather than on its pages.
   */
  public static boolean usesHttp(String source) {
    return !SimSource.NAME.equals(source);
  }

  /** Checks a source name without building anything. */
  public static void requireKnown(String source) {
    if (!KNOWN.contains(source)) {
      throw unknown(source);
    }
  }

  private static IllegalArgumentException unknown(String source) {
    return new IllegalArgumentException(
        "unknown provider '" + source + "': expected one of " + String.join(", ", KNOWN));
  }
}
