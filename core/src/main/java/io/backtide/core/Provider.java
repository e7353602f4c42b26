package io.backtide.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The providers a feed may name, and which candle granularities each serves: checked where feeds
 * are configured (the control plane's feeds file) and where jobs start, so that a feed no provider
 * can serve is refused with the reason before any job runs, not by the exchange's own 400 at job
 * time.
 */
public enum Provider {
  /** Binance spot: every granularity, 1s included. */
  BINANCE("binance", EnumSet.allOf(Granularity.class)),
  /** Binance USD-M perpetual futures: klines start at 1m (the futures API has no 1s interval). */
  BINANCE_UM("binance-um", EnumSet.complementOf(EnumSet.of(Granularity.S1))),
  /** Deterministic synthetic candles. */
  SIM("sim", EnumSet.allOf(Granularity.class));

  private final String code;
  private final Set<Granularity> candles;

  Provider(String code, Set<Granularity> candles) {
    this.code = code;
    this.candles = candles;
  }

  /** The name feeds use ({@code binance}, {@code binance-um}, {@code sim}). */
  public String code() {
    return code;
  }

  /** Every provider's name, in declaration order. */
  public static List<String> codes() {
    return Arrays.stream(values()).map(Provider::code).toList();
  }

  /**
   * The provider named {@code source}.
   *
   * @throws IllegalArgumentException naming it and the known ones
   */
  public static Provider of(String source) {
    for (Provider p : values()) {
      if (p.code.equals(source)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown provider '" + source + "': expected one of " + String.join(", ", codes()));
  }

  /**
   * Checks that {@code feed}'s provider exists and serves its candles' granularity.
   *
   * @throws IllegalArgumentException saying what the provider serves instead
   */
  public static void requireServes(FeedKey feed) {
    Provider provider = of(feed.source());
    if (feed.kind() == FeedKind.CANDLE && !provider.candles.contains(feed.granularity())) {
      throw new IllegalArgumentException(
          "feed "
              + feed
              + ": "
              + provider.code
              + " has no "
              + feed.granularity().code()
              + " candles; it serves "
              + provider.candles.stream().map(Granularity::code).collect(Collectors.joining(", ")));
    }
  }
}
