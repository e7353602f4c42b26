package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What a bulk run needs besides the job row: the feeds, chunk length in days, page size, how many
 * chunks go into one commit (a wave), the rate limits, the provider URL, the sim seed (null:
 * derived from the feed), the table's location when it is not {@code <data>/delta/candles} (any
 * Hadoop URI, e.g. {@code s3a://bucket/backtide/candles}) and Binance's public data archive, which
 * Binance feeds take their past days from first (empty: REST only).
 */
public record BulkSettings(
    List<FeedKey> feeds,
    int chunkDays,
    int pageSize,
    int waveChunks,
    RateLimits limits,
    URI providerUrl,
    Long simSeed,
    java.util.Optional<String> tableUri,
    java.util.Optional<URI> archiveUrl) {
  public BulkSettings {
    Objects.requireNonNull(archiveUrl, "archiveUrl");
    feeds = List.copyOf(feeds);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(providerUrl, "providerUrl");
    Objects.requireNonNull(tableUri, "tableUri");
    if (feeds.isEmpty()) {
      throw new IllegalArgumentException("--feeds names no feed");
    }
    if (chunkDays < 1 || pageSize < 1 || waveChunks < 1) {
      throw new IllegalArgumentException(
          "--chunk-days "
              + chunkDays
              + ", --page-size "
              + pageSize
              + " and --wave-chunks "
              + waveChunks
              + " must all be at least 1");
    }
  }
}
