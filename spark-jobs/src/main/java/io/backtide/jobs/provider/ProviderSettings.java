package io.backtide.jobs.provider;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;

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
    return with(c -> c.binanceUrl = url);
  }

  public ProviderSettings withBinanceUmUrl(URI url) {
    return with(c -> c.binanceUmUrl = url);
  }

  /** Days before the last two come from the archive at {@code url} first. */
  public ProviderSettings withArchiveUrl(URI url) {
    return with(c -> c.archiveUrl = Optional.of(url));
  }

  public ProviderSettings withRetry(RetryPolicy policy) {
    return with(c -> c.retry = policy);
  }

  /** The same retry waits with another patience ({@code max_outage}). */
  public ProviderSettings withMaxOutage(Duration maxOutage) {
    return withRetry(retry.withMaxOutage(maxOutage));
  }

  public ProviderSettings withRequestTimeout(Duration timeout) {
    return with(c -> c.requestTimeout = timeout);
  }

  public ProviderSettings withSimSeed(long seed) {
    return with(c -> c.simSeed = OptionalLong.of(seed));
  }

  /**
   * Where downloaded archive files are kept while they are read (a folder per source, removed when
   * it closes); {@link #defaults}: {@code java.io.tmpdir}.
   */
  public ProviderSettings withScratchDir(Path dir) {
    return with(c -> c.scratchDir = dir);
  }

  /**
   * At most {@code perMinute} requests a minute to the provider's API ({@link RequestRate}), on top
   * of its own limits: a bulk task's share of {@code --rate-limit}. Archive files are not paced.
   */
  public ProviderSettings withRestRequestsPerMinute(double perMinute) {
    return with(c -> c.restRequestsPerMinute = OptionalDouble.of(perMinute));
  }

  public ProviderSettings withRetryListener(RetryListener listener) {
    return with(c -> c.retryListener = listener);
  }

  /** A copy of these settings with {@code change} made to its fields. */
  private ProviderSettings with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** The fields of a settings value, to change one and build the new value (a wither each). */
  private static final class Copy {
    private URI binanceUrl;
    private URI binanceUmUrl;
    private Optional<URI> archiveUrl;
    private RetryPolicy retry;
    private Duration requestTimeout;
    private OptionalLong simSeed;
    private final Clock clock;
    private RetryListener retryListener;
    private Path scratchDir;
    private OptionalDouble restRequestsPerMinute;

    Copy(ProviderSettings s) {
      binanceUrl = s.binanceUrl;
      binanceUmUrl = s.binanceUmUrl;
      archiveUrl = s.archiveUrl;
      retry = s.retry;
      requestTimeout = s.requestTimeout;
      simSeed = s.simSeed;
      clock = s.clock;
      retryListener = s.retryListener;
      scratchDir = s.scratchDir;
      restRequestsPerMinute = s.restRequestsPerMinute;
    }

    ProviderSettings build() {
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
          restRequestsPerMinute);
    }
  }
}
