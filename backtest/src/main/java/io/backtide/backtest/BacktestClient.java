package io.backtide.backtest;

import io.backtide.backtest.internal.BacktestErrors;
import io.backtide.backtest.internal.CacheLayout;
import io.backtide.backtest.internal.CacheManifest;
import io.backtide.backtest.internal.CoordinatorHttp;
import io.backtide.backtest.internal.DayDownloads;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.PublishedPath;
import io.backtide.core.TimeRange;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a coordinator's published daily files into a local cache and keeps them current.
 *
 * <p>The cache mirrors the server: {@code {cacheDir}/{source}/{subject}/{kind}/{granularity}/
 * YYYY-MM-DD.parquet} (default {@code cacheDir}: {@code .cache/backtest}, relative to the working
 * directory). A pull reads {@code GET {coordinator}/data/backfill/index} for its feed and range
 * only ({@code ?source=&subject=&kind=&granularity=&start=&end=}), downloads only the days that are
 * missing locally or whose SHA-256 differs from the index (a cached day that has not changed since
 * its SHA-256 last matched is not read again: see {@link BacktestRunner}'s check), verifies every
 * download against the index's SHA-256 (one retry, then an error), and writes through a temp file
 * and an atomic rename; it fetches {@value #DEFAULT_PARALLEL_DOWNLOADS} days at once ({@link
 * #withParallelDownloads}). It records what the cache now holds (per day: sha256, size, records,
 * first/last ts, table version) in {@code {cacheDir}/_manifests/{feed}.json}, against which {@link
 * BacktestRunner} checks every file before reading it. Once pulled, the files can be replayed
 * offline.
 *
 * <p>A pull always returns: every request has an overall deadline on its headers and body ({@link
 * #withRequestTimeout}, default 2 minutes); a day's body longer than its index entry's {@code
 * size_bytes} is cut off, and the index may take at most 32 MiB (compressed or decompressed);
 * bodies stream to a hidden temp file, so memory stays small and a failed download leaves no file.
 * Redirects are not followed (a 3xx is an error naming its {@code Location}), so the API key never
 * reaches another origin. An index that lists a day twice is an error.
 *
 * <pre>{@code
 * var client = new BacktestClient(URI.create("http://localhost:8000"));
 * client.pull(FeedKey.parse("binance/BTCUSDT/candle/1m"), "2026-01-01", "2026-02-01");
 * }</pre>
 *
 * <p>Instances are not thread-safe; use one per thread.
 */
public final class BacktestClient {

  /** The default cache folder, relative to the working directory. */
  public static final Path DEFAULT_CACHE_DIR = Path.of(".cache", "backtest");

  private static final Logger LOG = LoggerFactory.getLogger(BacktestClient.class);

  /**
   * Downloads at once by default, as a browser opens per host: a distant coordinator's round trips
   * overlap (a year of 1m answered after 20 ms a file: 9.5 s one at a time, 1.7 s six at once).
   */
  public static final int DEFAULT_PARALLEL_DOWNLOADS = 6;

  /** The most downloads at once a client may ask for. */
  public static final int MAX_PARALLEL_DOWNLOADS = 16;

  private final CoordinatorHttp coordinator;
  private final CacheLayout cache;
  private final int parallel;

  /** A client with the default cache folder {@code .cache/backtest}. */
  public BacktestClient(URI coordinator) {
    this(coordinator, DEFAULT_CACHE_DIR);
  }

  /** A client that caches under {@code cacheDir}. */
  public BacktestClient(URI coordinator, Path cacheDir) {
    this(
        coordinator,
        cacheDir,
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  /**
   * A client with a caller-configured {@link HttpClient} (proxy, TLS, connect timeout). Build it
   * with {@code followRedirects(HttpClient.Redirect.NEVER)} to use {@link #withApiKey}.
   */
  public BacktestClient(URI coordinator, Path cacheDir, HttpClient http) {
    this(
        new CoordinatorHttp(coordinator, http),
        new CacheLayout(cacheDir),
        DEFAULT_PARALLEL_DOWNLOADS);
  }

  private BacktestClient(CoordinatorHttp coordinator, CacheLayout cache, int parallel) {
    this.coordinator = coordinator;
    this.cache = cache;
    this.parallel = parallel;
  }

  /**
   * The same client sending {@code apiKey} as {@code X-API-Key}: needed when the coordinator
   * protects its data routes ({@code API_READ_AUTH=true}).
   *
   * @throws IllegalArgumentException when the key is blank
   */
  public BacktestClient withApiKey(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("API key is blank: pass the coordinator's API_KEY");
    }
    return new BacktestClient(coordinator.withApiKey(apiKey.strip()), cache, parallel);
  }

  /**
   * The same client with another overall deadline per request (default 2 minutes), covering the
   * headers and the whole body: a coordinator that stalls mid-answer ends the pull with a {@link
   * BacktestException} when it passes.
   *
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public BacktestClient withRequestTimeout(Duration timeout) {
    return new BacktestClient(coordinator.withTimeout(timeout), cache, parallel);
  }

  /**
   * The same client downloading (and checking) up to {@code downloads} days at once (default
   * {@value #DEFAULT_PARALLEL_DOWNLOADS}; 1 downloads one day after the other). Each day is still
   * verified against the index before it enters the cache; the first day that fails ends the pull,
   * and the downloads still running are stopped and leave no file.
   *
   * @throws IllegalArgumentException unless {@code 1 <= downloads <=} {@value
   *     #MAX_PARALLEL_DOWNLOADS}
   */
  public BacktestClient withParallelDownloads(int downloads) {
    if (downloads < 1 || downloads > MAX_PARALLEL_DOWNLOADS) {
      throw new IllegalArgumentException(
          "parallel downloads " + downloads + " must be in 1.." + MAX_PARALLEL_DOWNLOADS);
    }
    return new BacktestClient(coordinator, cache, downloads);
  }

  /** The coordinator's base URL. */
  public URI coordinator() {
    return coordinator.base();
  }

  /** The absolute cache folder. */
  public Path cacheDir() {
    return cache.root();
  }

  /**
   * Makes the cache hold the coordinator's current files of {@code feed} for every UTC day that
   * {@code [start, end)} touches and the coordinator has; days it lacks are gaps, not errors.
   *
   * @param start {@code YYYY-MM-DD} or ISO-8601 (no offset = UTC), inclusive
   * @param end same forms, exclusive
   * @return the local files of those days, oldest first
   * @throws IllegalArgumentException when the dates cannot be parsed or {@code start >= end}
   * @throws BacktestException when the coordinator is unreachable or answers an error (the message
   *     names the URL and the cause), when it has no day of the feed in the range (the message
   *     lists the days it does have), or when a download is corrupt twice
   */
  public List<DataFile> pull(FeedKey feed, String start, String end) {
    return pull(feed, TimeRange.parse(start, end));
  }

  /** As {@link #pull(FeedKey, String, String)} with a parsed range. */
  public List<DataFile> pull(FeedKey feed, TimeRange range) {
    return sync(feed, range, false);
  }

  /**
   * As {@link #pull(FeedKey, String, String)}, but downloads every day in the range again even when
   * the cached copy matches the index.
   */
  public List<DataFile> refresh(FeedKey feed, String start, String end) {
    return sync(feed, TimeRange.parse(start, end), true);
  }

  /** The cached days of {@code feed}, oldest first; works offline. */
  public List<DataFile> listCached(FeedKey feed) {
    return cache.list(Objects.requireNonNull(feed, "feed"));
  }

  private List<DataFile> sync(FeedKey feed, TimeRange range, boolean force) {
    Objects.requireNonNull(feed, "feed");
    List<IndexEntry> offered = entriesOf(feed, Optional.of(range));
    Set<LocalDate> wanted = new HashSet<>(range.days());
    List<DataFile> result = new ArrayList<>();
    List<IndexEntry> inCache = new ArrayList<>();
    for (IndexEntry entry : offered) {
      LocalDate date = LocalDate.parse(entry.date());
      if (wanted.contains(date)) {
        result.add(new DataFile(feed, date, cache.file(feed, date), entry.sha256()));
        inCache.add(entry);
      }
    }
    DayDownloads.Outcome done =
        DayDownloads.sync(coordinator, cache, feed, inCache, force, parallel);
    if (result.isEmpty()) {
      List<LocalDate> available =
          entriesOf(feed, Optional.empty()).stream().map(e -> LocalDate.parse(e.date())).toList();
      throw BacktestErrors.noDataOnCoordinator(feed, range, available);
    }
    CacheManifest.record(cache, feed, inCache);
    LOG.info(
        "{}: {} day(s) in cache, {} downloaded, {} compared by hash (the others unchanged since"
            + " verified)",
        feed,
        result.size(),
        done.downloaded(),
        done.hashed());
    return List.copyOf(result);
  }

  /** The feed's entries in the range (sorted by date), asking the coordinator for only those. */
  private List<IndexEntry> entriesOf(FeedKey feed, Optional<TimeRange> range) {
    String prefix = feed.path() + "/";
    List<IndexEntry> entries = new ArrayList<>();
    for (IndexEntry e : coordinator.index(feed, range).files()) {
      if (e.path() == null || !e.path().startsWith(prefix)) {
        continue;
      }
      String expected =
          PublishedPath.dateOf(e.date() + PublishedPath.SUFFIX)
              .map(d -> new PublishedPath(feed, d).path())
              .orElse(null);
      if (!e.path().equals(expected)) {
        throw BacktestErrors.unsafePath(e.path());
      }
      entries.add(e);
    }
    entries.sort(java.util.Comparator.comparing(IndexEntry::date));
    rejectDuplicates(entries);
    return entries;
  }

  /** Sorted by date: the same day twice would be downloaded and returned twice. */
  private void rejectDuplicates(List<IndexEntry> sorted) {
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).date().equals(sorted.get(i - 1).date())) {
        throw BacktestErrors.duplicateEntry(coordinator.indexUrl(), sorted.get(i).path());
      }
    }
  }
}
