package io.backtide.jobs.provider;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the providers need to know: the Binance base URL, the retry policy, the deadline of one
 * request (connect, headers and body), the sim seed (derived from the feed key when absent), the
 * clock and who hears about retries.
 */
public record ProviderSettings(
    URI binanceUrl,
    RetryPolicy retry,
    Duration requestTimeout,
    OptionalLong simSeed,
    Clock clock,
    RetryListener retryListener) {

  public static final URI BINANCE_URL = URI.create("https://api.binance.com");
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public ProviderSettings {
    Objects.requireNonNull(binanceUrl, "binanceUrl");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(simSeed, "simSeed");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(retryListener, "retryListener");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout " + requestTimeout + " must be positive");
    }
  }

  public static ProviderSettings defaults(Clock clock) {
    return new ProviderSettings(
        BINANCE_URL,
        RetryPolicy.standard(),
        DEFAULT_REQUEST_TIMEOUT,
        OptionalLong.empty(),
        clock,
        RetryListener.NONE);
  }

  public ProviderSettings withBinanceUrl(URI url) {
    return new ProviderSettings(url, retry, requestTimeout, simSeed, clock, retryListener);
  }

  public ProviderSettings withRetry(RetryPolicy policy) {
    return new ProviderSettings(binanceUrl, policy, requestTimeout, simSeed, clock, retryListener);
  }

  /** The same retry waits with another patience ({@code max_outage}). */
  public ProviderSettings withMaxOutage(Duration maxOutage) {
    return withRetry(retry.withMaxOutage(maxOutage));
  }

  public ProviderSettings withRequestTimeout(Duration timeout) {
    return new ProviderSettings(binanceUrl, retry, timeout, simSeed, clock, retryListener);
  }

  public ProviderSettings withSimSeed(long seed) {
    return new ProviderSettings(
        binanceUrl, retry, requestTimeout, OptionalLong.of(seed), clock, retryListener);
  }

  public ProviderSettings withRetryListener(RetryListener listener) {
    return new ProviderSettings(binanceUrl, retry, requestTimeout, simSeed, clock, listener);
  }
}
