package io.backtide.control.backfill;

import io.backtide.core.FeedKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A feed the operator may backfill, from the feeds file, with its provider options ({@code
 * page_size}, {@code provider_url}; unknown options are passed over).
 */
public record ConfiguredFeed(FeedKey feed, Map<String, String> options) {
  static final int DEFAULT_PAGE_SIZE = 1000;

  public ConfiguredFeed {
    Objects.requireNonNull(feed, "feed");
    options = Map.copyOf(options);
    pageSizeOf(feed, options);
  }

  /** Candles asked per provider request. */
  public int pageSize() {
    return pageSizeOf(feed, options);
  }

  /** A provider base URL for this feed only (otherwise the source's default is used). */
  public Optional<String> providerUrl() {
    return Optional.ofNullable(options.get("provider_url"));
  }

  private static int pageSizeOf(FeedKey feed, Map<String, String> options) {
    String text = options.get("page_size");
    if (text == null) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= 100_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "feed " + feed + ": page_size '" + text + "' is not an integer in 1..100000");
  }
}
