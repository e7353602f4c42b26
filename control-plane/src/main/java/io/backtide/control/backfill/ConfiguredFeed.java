package io.backtide.control.backfill;

import io.backtide.core.FeedKey;
import io.backtide.core.Provider;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A feed the operator may backfill, from the feeds file, with its provider options ({@code
 * page_size}, {@code provider_url}, {@code batch_rows}: rows per Delta commit, smaller for a bar
 * that moves more often, larger for throughput; {@code job_heap}: the job JVM's heap, e.g. {@code
 * 2g}; {@code archive_url}: Binance's public data archive for this feed, {@code archive: false}:
 * REST only; {@code max_outage}: how long the provider may fail continuously before the job fails;
 * unknown options are passed over).
 */
public record ConfiguredFeed(FeedKey feed, Map<String, String> options) {
  static final int DEFAULT_PAGE_SIZE = 1000;

  public ConfiguredFeed {
    Objects.requireNonNull(feed, "feed");
    Provider.requireServes(feed);
    options = Map.copyOf(options);
    pageSizeOf(feed, options);
    batchRowsOf(feed, options);
    jobHeapOf(feed, options);
    archiveOf(feed, options);
    maxOutageOf(feed, options);
  }

  /** The job JVM's heap when the feed sets {@code job_heap} ({@code 1536m}, {@code 2g}). */
  public Optional<String> jobHeap() {
    return jobHeapOf(feed, options);
  }

  private static Optional<String> jobHeapOf(FeedKey feed, Map<String, String> options) {
    Optional<String> heap = Optional.ofNullable(options.get("job_heap")).map(String::trim);
    if (heap.isPresent() && !JobHeap.valid(heap.get())) {
      throw new IllegalArgumentException(
          "feed "
              + feed
              + ": job_heap '"
              + heap.get()
              + "' is not a heap size like 1536m or 2g (megabytes or gigabytes)");
    }
    return heap;
  }

  /** Whether Binance's archive is used (the default); {@code archive: false} turns it off. */
  public boolean archive() {
    return archiveOf(feed, options);
  }

  /** An archive base URL for this feed only (otherwise BINANCE_ARCHIVE_URL). */
  public Optional<String> archiveUrl() {
    return Optional.ofNullable(options.get("archive_url"));
  }

  private static boolean archiveOf(FeedKey feed, Map<String, String> options) {
    String text = options.getOrDefault("archive", "true");
    if (!text.equals("true") && !text.equals("false")) {
      throw new IllegalArgumentException(
          "feed " + feed + ": archive '" + text + "' is not true or false");
    }
    return text.equals("true");
  }

  /** Rows per commit when the feed sets {@code batch_rows}; otherwise the job's default. */
  public java.util.OptionalInt batchRows() {
    return batchRowsOf(feed, options);
  }

  /** Candles asked per provider request. */
  public int pageSize() {
    return pageSizeOf(feed, options);
  }

  /**
   * How long the provider may fail continuously before the job fails ({@code max_outage}, e.g.
   * {@code 15m}); the job's default (15 minutes) when absent.
   */
  public Optional<String> maxOutage() {
    return maxOutageOf(feed, options);
  }

  /** The job's duration syntax: {@code 90s}, {@code 15m}, {@code 2h}, seconds, or ISO-8601. */
  private static Optional<String> maxOutageOf(FeedKey feed, Map<String, String> options) {
    Optional<String> text = Optional.ofNullable(options.get("max_outage")).map(String::trim);
    if (text.isPresent() && !text.get().matches("\\d+[smh]?|P[0-9A-Za-z.]+")) {
      throw new IllegalArgumentException(
          "feed "
              + feed
              + ": max_outage '"
              + text.get()
              + "' is not a duration like 90s, 15m, 2h, 600 (seconds) or PT15M");
    }
    return text;
  }

  /** A provider base URL for this feed only (otherwise the source's default is used). */
  public Optional<String> providerUrl() {
    return Optional.ofNullable(options.get("provider_url"));
  }

  private static int pageSizeOf(FeedKey feed, Map<String, String> options) {
    String text = options.get("page_size");
    return text == null ? DEFAULT_PAGE_SIZE : intIn(feed, "page_size", text, 100_000);
  }

  private static java.util.OptionalInt batchRowsOf(FeedKey feed, Map<String, String> options) {
    String text = options.get("batch_rows");
    return text == null
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(intIn(feed, "batch_rows", text, 100_000_000));
  }

  private static int intIn(FeedKey feed, String option, String text, int max) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "feed " + feed + ": " + option + " '" + text + "' is not an integer in 1.." + max);
  }
}
