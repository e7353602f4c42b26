package io.backtide.backtest;

import io.backtide.backtest.internal.BacktestErrors;
import io.backtide.backtest.internal.CacheCheck;
import io.backtide.backtest.internal.CacheLayout;
import io.backtide.backtest.internal.CandleReader;
import io.backtide.backtest.internal.Fingerprint;
import io.backtide.backtest.internal.FirstRunHint;
import io.backtide.backtest.internal.LocalSession;
import io.backtide.backtest.internal.ReadWarmUp;
import io.backtide.backtest.internal.ReplayOutput;
import io.backtide.backtest.internal.ReplaySettings;
import io.backtide.backtest.internal.RunData;
import io.backtide.backtest.internal.ScoredReplay;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays cached daily files of one feed through a {@link Tracker} and scores its predictions.
 *
 * <pre>{@code
 * BacktestResult result = BacktestRunner.builder(new MyTracker())
 *     .feed("binance/BTCUSDT/candle/1m").window(120)
 *     .predictEvery(Duration.ofSeconds(60)).resolveAfter(Duration.ofSeconds(60))
 *     .build()
 *     .run("2026-01-01", "2026-02-01");
 * }</pre>
 *
 * <p>{@link #run} reads the cached days that {@code [start, end)} touches through Spark SQL, keeps
 * exactly {@code start <= ts_event < end}, and replays the candles in time order:
 *
 * <ul>
 *   <li>{@code tick()} on every candle, with a view of the last {@code window} candles ending at it
 *       (fewer at the start);
 *   <li>{@code predict()} right after the tick of the first candle with a full window, then after
 *       the tick of every candle at least {@code predictEvery} after the last prediction (so
 *       irregular timestamps shift the schedule instead of skipping it);
 *   <li>ground truth: entry = that candle's close; resolved = close of the first candle at or after
 *       {@code ts + resolveAfter}. The prediction is unresolved when there is no such candle in the
 *       range, when it lies more than {@code maxResolveLag} after the target (a data gap), or when
 *       a price is missing or NaN;
 *   <li>anything the tracker or the scorer throws ({@code Exception} or {@code Error}, such as an
 *       {@code AssertionError}) is recorded on that prediction ({@link Outcome#FAILED} with the
 *       reason; a scorer that computes {@code NaN} is recorded as "scorer returned NaN"); a
 *       throwing {@code tick()} is counted in {@code tick_failures}. Neither stops the run, except
 *       a {@link VirtualMachineError} (out of memory, stack overflow), which ends it with a {@link
 *       BacktestException} naming the call and the candle.
 * </ul>
 *
 * <p>The tracker instance keeps its state between runs: build a fresh one per run to compare runs.
 * A runner is not thread-safe.
 */
public final class BacktestRunner {

  private static final Logger LOG = LoggerFactory.getLogger(BacktestRunner.class);

  private final Tracker tracker;
  private final BacktestRunnerBuilder settings;
  private final CacheLayout cache;

  BacktestRunner(Tracker tracker, BacktestRunnerBuilder settings) {
    this.tracker = tracker;
    this.settings = settings;
    this.cache = new CacheLayout(settings.cacheDir);
  }

  /**
   * A builder with the defaults: window 120, predictEvery 60 s, resolveAfter 60 s, maxResolveLag
   * one granularity step, directional scorer, cache {@code .cache/backtest}, no coordinator, a
   * local Spark session. Only {@code feed} must be set.
   */
  public static BacktestRunnerBuilder builder(Tracker tracker) {
    return new BacktestRunnerBuilder(tracker);
  }

  /**
   * Runs the backtest over {@code [start, end)}.
   *
   * @param start {@code YYYY-MM-DD} or ISO-8601 (no offset = UTC), inclusive
   * @param end same forms, exclusive
   * @throws IllegalArgumentException when a date cannot be parsed or {@code start >= end}
   * @throws BacktestException when no cached day covers the range (and no coordinator is set to
   *     pull it), when pulling or reading fails (the message names the file and the fix), or when
   *     the tracker or scorer throws a {@link VirtualMachineError}
   */
  public BacktestResult run(String start, String end) {
    return run(TimeRange.parse(start, end));
  }

  /** As {@link #run(String, String)} with instants. */
  public BacktestResult run(Instant start, Instant end) {
    return run(new TimeRange(start, end));
  }

  /** As {@link #run(String, String)} with a parsed range. */
  public BacktestResult run(TimeRange range) {
    long began = System.nanoTime();
    // Starting a local session and the first query take seconds in a fresh JVM: do both while the
    // cache is pulled and verified, which needs no Spark.
    CompletableFuture<SparkSession> session =
        settings.spark != null
            ? CompletableFuture.completedFuture(settings.spark)
            : CompletableFuture.supplyAsync(LocalSession::get, BacktestRunner::daemon);
    CompletableFuture<Void> warmUp =
        ReadWarmUp.start(session, cache, settings.feed, range, BacktestRunner::daemon);
    CacheCheck.Result data = checkedFiles(range);
    SparkSession spark = await(session);
    ReadWarmUp.await(warmUp);
    FeedKey feed = settings.feed;
    long started = System.nanoTime();
    ScoredReplay scored;
    long waitNanos;
    try (CandleReader reader =
        new CandleReader(spark, data.files(), range, settings.window - 1, extraColumns())) {
      scored = ScoredReplay.run(tracker, reader, replaySettings());
      waitNanos = reader.waitNanos();
    }
    ReplayOutput out = scored.output();
    logRead(data.files().size(), out, System.nanoTime() - started, waitNanos);
    FirstRunHint.afterRun(Duration.ofNanos(System.nanoTime() - began));
    Map<String, Number> metrics = scored.metrics();
    String title = "Backtest " + feed + " " + tracker.getClass().getSimpleName();
    String fingerprint = Fingerprint.of(pinned(range), data.files());
    return new BacktestResult(
        spark,
        title,
        config(range, out.firstTickFailure()),
        new RunData(data.files(), data.unverified(), data.missing(), fingerprint),
        out.rows(),
        metrics,
        out.candles(),
        out.loopNanos(),
        out.loopCpuNanos());
  }

  private void logRead(int files, ReplayOutput out, long nanos, long waitNanos) {
    LOG.info(
        "{}: {} day file(s), {} candles read and replayed in {} ms (replay {} ms, waiting for"
            + " reads {} ms), {} predictions",
        settings.feed,
        files,
        out.candles(),
        nanos / 1_000_000,
        out.loopNanos() / 1_000_000,
        waitNanos / 1_000_000,
        out.rows().size());
  }

  private static SparkSession await(CompletableFuture<SparkSession> session) {
    try {
      return session.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  FeedKey feed() {
    return settings.feed;
  }

  List<String> extraColumns() {
    return settings.extraColumns;
  }

  /** The replay loop's settings (shared with {@link BacktestSweep}). */
  ReplaySettings replaySettings() {
    return new ReplaySettings(
        settings.feed.subject(),
        settings.window,
        settings.predictEvery,
        settings.resolveAfter,
        settings.maxResolveLag(),
        settings.scorer);
  }

  /** The session to read with: the configured one, else the active or a new local one. */
  SparkSession spark() {
    return settings.spark != null ? settings.spark : LocalSession.get();
  }

  /** The checked day files of {@code range} (see {@link #checkedFiles}), for a sweep. */
  List<DataFile> files(TimeRange range) {
    return checkedFiles(range).files();
  }

  /** Pulls when a coordinator is set, then checks the cache; fails on missing days by default. */
  private CacheCheck.Result checkedFiles(TimeRange range) {
    if (settings.coordinator != null) {
      BacktestClient client = new BacktestClient(settings.coordinator, settings.cacheDir);
      if (settings.coordinatorApiKey != null) {
        client = client.withApiKey(settings.coordinatorApiKey);
      }
      client.pull(settings.feed, range);
    }
    long started = System.nanoTime();
    CacheCheck.Result checked = CacheCheck.check(cache, settings.feed, range.days());
    LOG.info(
        "{}: checked {} cached file(s) in {} ms ({} hashed, the others unchanged since verified)",
        settings.feed,
        checked.files().size(),
        (System.nanoTime() - started) / 1_000_000,
        checked.hashed());
    if (checked.files().isEmpty()) {
      throw BacktestErrors.noCachedData(settings.feed, range, cache.root());
    }
    if (!checked.missing().isEmpty()) {
      if (!settings.allowMissingDays) {
        throw BacktestErrors.missingDays(
            settings.feed, range, checked.missing(), cache.root(), settings.coordinator != null);
      }
      LOG.warn(
          "{}: running without {} missing day(s): {}",
          settings.feed,
          checked.missing().size(),
          BacktestErrors.listDays(checked.missing()));
    }
    if (!checked.unverified().isEmpty()) {
      LOG.warn(
          "{}: {} cached file(s) are not in the pull manifest and were not verified: {}",
          settings.feed,
          checked.unverified().size(),
          checked.unverified().stream().map(DataFile::date).toList());
    }
    return checked;
  }

  /** What the fingerprint pins besides the data: every setting that changes the outcome. */
  Map<String, Object> pinned(TimeRange range) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("feed", settings.feed);
    p.put("start", range.start());
    p.put("end", range.end());
    p.put("tracker", Fingerprint.stableName(tracker.getClass()));
    p.put("window", settings.window);
    p.put("predict_every", settings.predictEvery);
    p.put("resolve_after", settings.resolveAfter);
    p.put("max_resolve_lag", settings.maxResolveLag());
    p.put(
        "scorer",
        settings.scorerName().equals("directional")
            ? "directional"
            : Fingerprint.stableName(settings.scorer.getClass()));
    p.put("allow_missing_days", settings.allowMissingDays);
    p.putAll(settings.extraColumnsEntry());
    return p;
  }

  private Map<String, Object> config(TimeRange range, Optional<String> tickFailure) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("feed", settings.feed.toString());
    c.put("start", range.start());
    c.put("end", range.end());
    c.put("tracker", tracker.getClass().getName());
    c.put("window", settings.window);
    c.put("predict_every", settings.predictEvery);
    c.put("resolve_after", settings.resolveAfter);
    c.put("max_resolve_lag", settings.maxResolveLag());
    c.put("scorer", settings.scorerName());
    c.put("cache_dir", cache.root().toString());
    c.put("coordinator", settings.coordinator == null ? "none" : settings.coordinator.toString());
    if (settings.allowMissingDays) {
      c.put("allow_missing_days", true);
    }
    c.putAll(settings.extraColumnsEntry());
    tickFailure.ifPresent(f -> c.put("first_tick_failure", f));
    return c;
  }

  private static void daemon(Runnable task) {
    Thread t = new Thread(task, "backtide-spark-start");
    t.setDaemon(true);
    t.start();
  }

  /** The coordinator setting, if any. */
  public Optional<URI> coordinator() {
    return Optional.ofNullable(settings.coordinator);
  }
}
