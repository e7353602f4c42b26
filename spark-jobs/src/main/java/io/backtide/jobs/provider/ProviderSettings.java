package io.backtide.jobs.provider;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the providers need to know: the Binance REST base URLs (spot and USD-M futures), the public
 * data archive's base URL (empty: REST only), the retry policy, the deadline of one request
 * (connect, headers and body; for a downloaded file, each wait for more of it), the sim seed
 * (derived from the feed key when absent), the clock and who hears about retries, and where
 * downloaded archive files wait while they are read. {@link #defaults} fetch from REST only; a job
 * turns the archive on ({@link #withArchiveUrl}) unless its feed says {@code archive: false}.
 */
public record ProviderSettings(
    URI binanceUrl,
    URI binanceUmUrl,
    Optional<URI> archiveUrl,
    RetryPolicy retry,
    Duration requestTimeout,
    OptionalLong simSeed,
    Clock clock,
    RetryListener retryListener,
    Path scratchDir,
    OptionalDouble restRequestsPerMinute) {

  public static final URI BINANCE_URL = URI.create("https://api.binance.com");
  public static final URI BINANCE_UM_URL = URI.create("https://fapi.binance.com");

  /** Binance's public data host, where the daily and monthly dumps live. */
  public static final URI ARCHIVE_URL = URI.create("https://data.binance.vision");

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public ProviderSettings {
    Objects.requireNonNull(binanceUrl, "binanceUrl");
    Objects.requireNonNull(binanceUmUrl, "binanceUmUrl");
    Objects.requireNonNull(archiveUrl, "archiveUrl");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(simSeed, "simSeed");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(retryListener, "retryListener");
    Objects.requireNonNull(scratchDir, "scratchDir");
    Objects.requireNonNull(restRequestsPerMinute, "restRequestsPerMinute");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout " + requestTimeout + " must be positive");
    }
  }

  public static ProviderSettings defaults(Clock clock) {
    return new ProviderSettings(
        BINANCE_URL,
        BINANCE_UM_URL,
        Optional.empty(),
        RetryPolicy.standard(),
        DEFAULT_REQUEST_TIMEOUT,
        OptionalLong.empty(),
        clock,
        RetryListener.NONE,
        Path.of(System.getProperty("java.io.tmpdir")),
        OptionalDouble.empty());
  }

  public ProviderSettings withBinanceUrl(URI url) {
    return new ProviderSettings(
        url,
        binanceUmUrl,
        archiveUrl,
        retry,
        requestTimeout,
        simSeed,
        clock,
        retryListener,
        scratchDir,
        restRequestsPerMinute);
  }

  public ProviderSettings withBinanceUmUrl(URI url) {
    return new ProviderSettings(
        binanceUrl,
        url,
        archiveUrl,
        retry,
        requestTimeout,
        simSeed,
        clock,
        retryListener,
        scratchDir,
        restRequestsPerMinute);
  }

  /** Days before the last two come from the archive at {@code url} first. */
  public ProviderSettings withArchiveUrl(URI url) {
    return new ProviderSettings(
        binanceUrl,
        binanceUmUrl,
        Optional.of(url),
        retry,
        requestTimeout,
        simSeed,
        clock,
        retryListener,
        scratchDir,
        restRequestsPerMinute);
  }

  public ProviderSettings withRetry(RetryPolicy policy) {
    return new ProviderSettings(
        binanceUrl,
        binanceUmUrl,
        archiveUrl,
        policy,
        requestTimeout,
        simSeed,
        clock,
        retryListener,
        scratchDir,
        restRequestsPerMinute);
  }

  /** The same retry waits with another patience ({@code max_outage}). */
  public ProviderSettings withMaxOutage(Duration maxOutage) {
    return withRetry(retry.withMaxOutage(maxOutage));
  }

  public ProviderSettings withRequestTimeout(Duration timeout) {
    return new ProviderSettings(
        binanceUrl,
        binanceUmUrl,
        archiveUrl,
        retry,
        timeout,
        simSeed,
        clock,
        retryListener,
        scratchDir,
        restRequestsPerMinute);
  }

  public ProviderSettings withSimSeed(long seed) {
    return new ProviderSettings(
        binanceUrl,
        binanceUmUrl,
        archiveUrl,
        retry,
        requestTimeout,
        OptionalLong.of(seed),
        clock,
        retryListener,
        scratchDir,
        restRequestsPerMinute);
  }

  /**
   * Where downloaded archive files are kept while they are read (a folder per source, removed when
   * it closes); {@link #defaults}: {@code java.io.tmpdir}.
   */
  public ProviderSettings withScratchDir(Path dir) {
    return new ProviderSettings(
        binanceUrl,
        binanceUmUrl,
        archiveUrl,
        retry,
        requestTimeout,
        simSeed,
        clock,
        retryListener,
        dir,
        restRequestsPerMinute);
  }

  /**
   * At most {@code perMinute} requests a minute to the provider's API ({@link RequestRate}), on top
   * of its own limits: a bulk task's share of {@code --rate-limit}. Archive files are not paced.
   */
  public ProviderSettings withRestRequestsPerMinute(double perMinute) {
    return new ProviderSettings(
        binanceUrl,
        binanceUmUrl,
        archiveUrl,
        retry,
        requestTimeout,
        simSeed,
        clock,
        retryListener,
        scratchDir,
        OptionalDouble.of(perMinute));
  }

  public ProviderSettings withRetryListener(RetryListener listener) {
    return new ProviderSettings(
        binanceUrl,
        binanceUmUrl,
        archiveUrl,
        retry,
        requestTimeout,
        simSeed,
        clock,
        listener,
        scratchDir,
        restRequestsPerMinute);
  }
}
