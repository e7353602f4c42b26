package io.backtide.backtest;

import io.backtide.core.FeedKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * Settings of a {@link BacktestRunner}; made by {@link BacktestRunner#builder(Tracker)}. Setters
 * record values; {@link #build()} checks them all and names every bad one.
 */
public final class BacktestRunnerBuilder {

  private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  final Tracker tracker;
  FeedKey feed;
  int window = 120;
  Duration predictEvery = Duration.ofSeconds(60);
  Duration resolveAfter = Duration.ofSeconds(60);
  Duration maxResolveLag;
  Scorer scorer = Scorers.directional();
  private boolean customScorer;
  Path cacheDir = BacktestClient.DEFAULT_CACHE_DIR;
  URI coordinator;
  String coordinatorApiKey;
  SparkSession spark;
  boolean allowMissingDays;
  List<String> extraColumns = List.of();

  BacktestRunnerBuilder(Tracker tracker) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
  }

  /**
   * The feed to replay, e.g. {@code binance/BTCUSDT/candle/1m} (required).
   *
   * @throws IllegalArgumentException naming the bad part when the key cannot be parsed
   */
  public BacktestRunnerBuilder feed(String feed) {
    return feed(FeedKey.parse(feed));
  }

  /** The feed to replay (required). */
  public BacktestRunnerBuilder feed(FeedKey feed) {
    this.feed = Objects.requireNonNull(feed, "feed");
    return this;
  }

  /** Number of candles in each tick's window (default 120, at least 1). */
  public BacktestRunnerBuilder window(int candles) {
    this.window = candles;
    return this;
  }

  /** Minimum time between two predictions (default 60 s, positive). */
  public BacktestRunnerBuilder predictEvery(Duration every) {
    this.predictEvery = every;
    return this;
  }

  /** Time from a prediction to the price it is scored against (default 60 s, positive). */
  public BacktestRunnerBuilder resolveAfter(Duration after) {
    this.resolveAfter = after;
    return this;
  }

  /**
   * How late the resolving candle may be after {@code ts + resolveAfter} before the prediction
   * counts as unresolved (default: one step of the feed's granularity; zero or more).
   */
  public BacktestRunnerBuilder maxResolveLag(Duration lag) {
    this.maxResolveLag = lag;
    return this;
  }

  /** The challenge's scoring rule (default {@link Scorers#directional()}). */
  public BacktestRunnerBuilder scorer(Scorer scorer) {
    this.scorer = scorer;
    this.customScorer = true;
    return this;
  }

  /** The cache folder (default {@code .cache/backtest}). */
  public BacktestRunnerBuilder cacheDir(Path cacheDir) {
    this.cacheDir = cacheDir;
    return this;
  }

  /**
   * A coordinator to pull missing or changed days from before each run (default: none, the run
   * reads only the cache and works offline).
   */
  public BacktestRunnerBuilder coordinator(URI coordinator) {
    this.coordinator = coordinator;
    return this;
  }

  /** The API key for a coordinator that protects its data routes (sent as {@code X-API-Key}). */
  public BacktestRunnerBuilder coordinatorApiKey(String apiKey) {
    this.coordinatorApiKey = apiKey;
    return this;
  }

  /**
   * Runs even when days of the range have no cached file (by default such a run fails, naming the
   * days). The days are listed in {@link BacktestResult#missingDays()}, the summary and the HTML.
   */
  public BacktestRunnerBuilder allowMissingDays() {
    this.allowMissingDays = true;
    return this;
  }

  /**
   * Loads fields of the rows' {@code meta} as extra columns of the window ({@link
   * CandleWindow#extra(String, int)}), e.g. {@code extraColumns("quote_volume", "trades")} on a
   * Binance feed. They are extracted once per file in the read that loads the candles, so the
   * replay parses no JSON; by default none is loaded and the read does not touch {@code meta}. A
   * row in the range without one of the fields (a {@code sim} feed's rows have {@code {}}) fails
   * the run with a {@link BacktestException} naming the field and the file. Replaces earlier calls.
   */
  public BacktestRunnerBuilder extraColumns(String... names) {
    this.extraColumns = names == null ? null : Arrays.asList(names.clone());
    return this;
  }

  /**
   * The Spark session to read with, for example one connected to a cluster (default: the active
   * session, else a new {@code local[*]} one).
   */
  public BacktestRunnerBuilder spark(SparkSession spark) {
    this.spark = spark;
    return this;
  }

  /**
   * Checks the settings and makes the runner.
   *
   * @throws IllegalArgumentException listing every bad setting and what is expected
   */
  public BacktestRunner build() {
    List<String> problems = new ArrayList<>();
    if (feed == null) {
      problems.add("feed is not set: call feed(\"binance/BTCUSDT/candle/1m\")");
    }
    if (window < 1) {
      problems.add("window is " + window + ": expected at least 1 candle");
    }
    requirePositive(problems, "predictEvery", predictEvery);
    requirePositive(problems, "resolveAfter", resolveAfter);
    if (maxResolveLag != null && maxResolveLag.isNegative()) {
      problems.add("maxResolveLag is " + maxResolveLag + ": expected zero or more");
    }
    if (scorer == null) {
      problems.add("scorer is null: pass a Scorer, e.g. Scorers.directional()");
    }
    if (cacheDir == null) {
      problems.add("cacheDir is null: pass a folder, e.g. Path.of(\".cache/backtest\")");
    }
    checkExtraColumns(problems);
    if (coordinatorApiKey != null && (coordinator == null || coordinatorApiKey.isBlank())) {
      problems.add("coordinatorApiKey needs a coordinator(...) and must not be blank");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bad backtest settings: " + String.join("; ", problems));
    }
    return new BacktestRunner(tracker, copy());
  }

  /** A snapshot, so that later setter calls do not change a built runner. */
  private BacktestRunnerBuilder copy() {
    BacktestRunnerBuilder c = new BacktestRunnerBuilder(tracker);
    c.feed = feed;
    c.window = window;
    c.predictEvery = predictEvery;
    c.resolveAfter = resolveAfter;
    c.maxResolveLag = maxResolveLag;
    c.scorer = scorer;
    c.customScorer = customScorer;
    c.cacheDir = cacheDir;
    c.coordinator = coordinator;
    c.coordinatorApiKey = coordinatorApiKey;
    c.spark = spark;
    c.allowMissingDays = allowMissingDays;
    c.extraColumns = List.copyOf(extraColumns);
    return c;
  }

  /**
   * {@code extra_columns} for the config and the fingerprint, only when some are asked for (so the
   * fingerprints of runs without them do not change).
   */
  Map<String, Object> extraColumnsEntry() {
    return extraColumns.isEmpty()
        ? Map.of()
        : Map.of("extra_columns", String.join(",", extraColumns));
  }

  private void checkExtraColumns(List<String> problems) {
    if (extraColumns == null) {
      problems.add("extraColumns is null: pass meta field names, e.g. \"trades\"");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String name : extraColumns) {
      if (name == null || !FIELD.matcher(name).matches()) {
        problems.add(
            "extra column '" + name + "' is not a meta field name: expected e.g. quote_volume");
      } else if (!seen.add(name)) {
        problems.add("extra column '" + name + "' is asked for twice");
      }
    }
  }

  Duration maxResolveLag() {
    return maxResolveLag != null ? maxResolveLag : feed.granularity().duration();
  }

  String scorerName() {
    return customScorer ? scorer.getClass().getName() : "directional";
  }

  private static void requirePositive(List<String> problems, String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      problems.add(
          name + " is " + d + ": expected a positive duration, e.g. Duration.ofMinutes(1)");
    }
  }
}
