package io.backtide.backtest;

import io.backtide.backtest.internal.CandleColumns;
import io.backtide.backtest.internal.CandleReader;
import io.backtide.backtest.internal.Fingerprint;
import io.backtide.backtest.internal.SweepErrors;
import io.backtide.backtest.internal.SweepOutcome;
import io.backtide.backtest.internal.SweepTable;
import io.backtide.backtest.internal.SweepTask;
import io.backtide.core.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one feed through a tracker once per parameter set, spread over Spark: the same model with
 * many settings, on the cores of one machine or the executors of a cluster.
 *
 * <pre>{@code
 * SweepResult sweep = BacktestSweep.builder(MovingAverageCrossTracker.factory())
 *     .feed("binance/BTCUSDT/candle/1m").window(120)
 *     .parameters(Parameters.grid().axis("fast", 5, 10, 20).axis("slow", 60, 120).sets())
 *     .build()
 *     .run("2026-01-01", "2026-02-01");
 * sweep.toDataset().orderBy(col("hit_rate").desc()).show();
 * }</pre>
 *
 * <p>{@link #run} reads the candles of {@code [start, end)} once through Spark SQL, exactly as
 * {@link BacktestRunner#run} does, broadcasts them to the executors once, and runs one Spark task
 * per parameter set. Each task makes a fresh tracker with the {@link TrackerFactory} and replays
 * the candles with the runner's own replay loop and metrics, so a set's metrics equal, bit for bit,
 * those of {@code BacktestRunner.builder(factory.create(set))} with the same settings and range.
 * Only the metrics and counts come back to the driver, not the predictions: run the best set alone
 * with {@link BacktestRunner} to look at them.
 *
 * <p>A tracker that throws in {@code tick()} or {@code predict()} is recorded as in a single run; a
 * factory that throws or returns null fails the sweep with a message naming the set. A sweep is not
 * thread-safe; running it twice replays everything again.
 */
public final class BacktestSweep {

  private static final Logger LOG = LoggerFactory.getLogger(BacktestSweep.class);

  private final TrackerFactory factory;
  private final BacktestRunner runner;
  private final List<Map<String, Object>> sets;
  private final SweepTable table;

  BacktestSweep(
      TrackerFactory factory,
      BacktestRunner runner,
      List<Map<String, Object>> sets,
      SweepTable table) {
    this.factory = factory;
    this.runner = runner;
    this.sets = sets;
    this.table = table;
  }

  /**
   * A builder with the runner's defaults (see {@link BacktestRunner#builder(Tracker)}); {@code
   * feed} and {@code parameters} must be set.
   */
  public static BacktestSweepBuilder builder(TrackerFactory factory) {
    return new BacktestSweepBuilder(factory);
  }

  /** The parameter sets, in order (each an unmodifiable ordered map). */
  public List<Map<String, Object>> parameters() {
    return sets;
  }

  /**
   * Runs every parameter set over {@code [start, end)}.
   *
   * @param start {@code YYYY-MM-DD} or ISO-8601 (no offset = UTC), inclusive
   * @param end same forms, exclusive
   * @throws IllegalArgumentException when a date cannot be parsed or {@code start >= end}
   * @throws BacktestException when no cached day covers the range (and no coordinator is set to
   *     pull it), when reading fails, when the factory fails for a set, or when Spark fails
   */
  public SweepResult run(String start, String end) {
    return run(TimeRange.parse(start, end));
  }

  /** As {@link #run(String, String)} with instants. */
  public SweepResult run(Instant start, Instant end) {
    return run(new TimeRange(start, end));
  }

  /** As {@link #run(String, String)} with a parsed range. */
  public SweepResult run(TimeRange range) {
    List<DataFile> files = runner.files(range);
    SparkSession spark = runner.spark();
    long started = System.nanoTime();
    CandleColumns data = CandleReader.readAll(spark, files, range, runner.extraColumns());
    long loaded = System.nanoTime();
    List<SweepOutcome> outcomes = replayAll(spark, data);
    long done = System.nanoTime();
    LOG.info(
        "{}: read {} day file(s) in {} ms, replayed {} candles x {} set(s) in {} ms",
        runner.feed(),
        files.size(),
        (loaded - started) / 1_000_000,
        data.size(),
        sets.size(),
        (done - loaded) / 1_000_000);
    List<Row> rows = new ArrayList<>(outcomes.size());
    for (SweepOutcome outcome : outcomes) {
      Map<String, Object> set = sets.get(outcome.set());
      rows.add(table.row(outcome, set, fingerprint(range, outcome.tracker(), set, files)));
    }
    String title = "Sweep of " + runner.feed() + " over " + sets.size() + " parameter set(s)";
    return new SweepResult(
        spark,
        title,
        table,
        rows,
        files,
        Duration.ofNanos(loaded - started),
        Duration.ofNanos(done - loaded));
  }

  /**
   * What pins one set's row: the runner's settings and the data read (as in {@link
   * BacktestResult#fingerprint()}), the class of the tracker the factory made for the set and the
   * set's parameters; equal sweeps over the same bytes give equal fingerprints.
   */
  private String fingerprint(
      TimeRange range, String tracker, Map<String, Object> set, List<DataFile> files) {
    Map<String, Object> pinned = new LinkedHashMap<>(runner.pinned(range));
    pinned.put("tracker", tracker);
    pinned.put("parameters", new TreeMap<>(set));
    return Fingerprint.of(pinned, files);
  }

  /** One task per set over the broadcast candles; outcomes in set order. */
  private List<SweepOutcome> replayAll(SparkSession spark, CandleColumns data) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<CandleColumns> shared = jsc.broadcast(data);
    List<Integer> ids = IntStream.range(0, sets.size()).boxed().toList();
    SweepTask task = new SweepTask(factory, sets, runner.replaySettings(), shared);
    List<SweepOutcome> outcomes;
    try {
      outcomes = jsc.parallelize(ids, ids.size()).map(task).collect();
    } catch (RuntimeException e) {
      throw SweepErrors.sweepFailed(sets.size(), e);
    } finally {
      shared.destroy();
    }
    for (SweepOutcome outcome : outcomes) {
      if (outcome.failure().isPresent()) {
        int set = outcome.set();
        throw SweepErrors.sweepFactoryFailed(set, sets.get(set), outcome.failure().get());
      }
    }
    return outcomes;
  }
}
