package io.backtide.jobs.provider;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the providers need to know: the Binance base URL, its retry policy and request timeout, the
 * sim seed (derived from the feed key when absent) and the clock.
 */
public record ProviderSettings(
    URI binanceUrl, RetryPolicy retry, Duration requestTimeout, OptionalLong simSeed, Clock clock) {

  public static final URI BINANCE_URL = URI.create("https://api.binance.com");

  public ProviderSettings {
    Objects.requireNonNull(binanceUrl, "binanceUrl");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(simSeed, "simSeed");
    Objects.requireNonNull(clock, "clock");
  }

  public static ProviderSettings defaults(Clock clock) {
    return new ProviderSettings(
        BINANCE_URL, RetryPolicy.standard(), Duration.ofSeconds(30), OptionalLong.empty(), clock);
  }

  public ProviderSettings withBinanceUrl(URI url) {
    return new ProviderSettings(url, retry, requestTimeout, simSeed, clock);
  }

  public ProviderSettings withRetry(RetryPolicy policy) {
    return new ProviderSettings(binanceUrl, policy, requestTimeout, simSeed, clock);
  }

  public ProviderSettings withSimSeed(long seed) {
    return new ProviderSettings(binanceUrl, retry, requestTimeout, OptionalLong.of(seed), clock);
  }
}
