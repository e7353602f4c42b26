package io.backtide.backtest;

import io.backtide.backtest.internal.SweepErrors;
import io.backtide.backtest.internal.SweepTable;
import io.backtide.core.FeedKey;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Settings of a {@link BacktestSweep}; made by {@link BacktestSweep#builder(TrackerFactory)}. The
 * runner's settings mean exactly what they mean on {@link BacktestRunnerBuilder} (same defaults,
 * same checks); {@link #parameters} adds the sets to replay.
 */
public final class BacktestSweepBuilder {

  /** Stands in for the tracker the runner's builder wants: a sweep makes one per set instead. */
  private static final Tracker NONE =
      new TrackerBase() {
        @Override
        public Prediction predict(PredictionScope scope) {
          throw new IllegalStateException("a sweep makes its trackers with its factory");
        }
      };

  private final TrackerFactory factory;
  private final BacktestRunnerBuilder settings = new BacktestRunnerBuilder(NONE);
  private List<Map<String, Object>> parameters = List.of();

  BacktestSweepBuilder(TrackerFactory factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * The parameter sets, one replay each, in this order (required, at least one). Every set has the
   * same names; values are Integer, Long, Double, String or Boolean, one type per name.
   *
   * @see Parameters#grid()
   */
  public BacktestSweepBuilder parameters(List<Map<String, Object>> sets) {
    this.parameters = sets;
    return this;
  }

  /** As {@link BacktestRunnerBuilder#feed(String)}. */
  public BacktestSweepBuilder feed(String feed) {
    settings.feed(feed);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#feed(FeedKey)}. */
  public BacktestSweepBuilder feed(FeedKey feed) {
    settings.feed(feed);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#window(int)}. */
  public BacktestSweepBuilder window(int candles) {
    settings.window(candles);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#predictEvery(Duration)}. */
  public BacktestSweepBuilder predictEvery(Duration every) {
    settings.predictEvery(every);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#resolveAfter(Duration)}. */
  public BacktestSweepBuilder resolveAfter(Duration after) {
    settings.resolveAfter(after);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#maxResolveLag(Duration)}. */
  public BacktestSweepBuilder maxResolveLag(Duration lag) {
    settings.maxResolveLag(lag);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#scorer(Scorer)}; it must be serializable too. */
  public BacktestSweepBuilder scorer(Scorer scorer) {
    settings.scorer(scorer);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#extraColumns(String...)}: every set's windows get them. */
  public BacktestSweepBuilder extraColumns(String... names) {
    settings.extraColumns(names);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#cacheDir(Path)}. */
  public BacktestSweepBuilder cacheDir(Path cacheDir) {
    settings.cacheDir(cacheDir);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#coordinator(URI)}: missing days are pulled once per run. */
  public BacktestSweepBuilder coordinator(URI coordinator) {
    settings.coordinator(coordinator);
    return this;
  }

  /** As {@link BacktestRunnerBuilder#coordinatorApiKey(String)}. */
  public BacktestSweepBuilder coordinatorApiKey(String apiKey) {
    settings.coordinatorApiKey(apiKey);
    return this;
  }

  /**
   * The session to read with and to run the replays on: a local one uses its cores, one connected
   * to a cluster spreads the sets over its executors (default: the active session, else a new
   * {@code local[*]} one).
   */
  public BacktestSweepBuilder spark(SparkSession spark) {
    settings.spark(spark);
    return this;
  }

  /**
   * Checks the settings and the parameter sets and makes the sweep.
   *
   * @throws IllegalArgumentException listing every bad runner setting; naming the bad set and
   *     parameter; or when the factory or the scorer cannot be serialized
   */
  public BacktestSweep build() {
    BacktestRunner runner = settings.build();
    SweepTable table = SweepTable.of(parameters);
    requireSerializable("tracker factory", factory);
    requireSerializable("scorer", runner.replaySettings().scorer());
    List<Map<String, Object>> sets =
        parameters.stream()
            .map(set -> Collections.unmodifiableMap(new LinkedHashMap<>(set)))
            .toList();
    return new BacktestSweep(factory, runner, sets, table);
  }

  private static void requireSerializable(String what, Object value) {
    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
      out.writeObject(value);
    } catch (IOException e) {
      throw SweepErrors.notSerializable(what, e);
    }
  }
}
