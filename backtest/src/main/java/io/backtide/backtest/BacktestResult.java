package io.backtide.backtest;

import io.backtide.backtest.internal.PredictionColumns;
import io.backtide.backtest.internal.Reports;
import io.backtide.backtest.internal.ResultFrames;
import io.backtide.backtest.internal.RunData;
import io.backtide.backtest.internal.ScoreChart;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The outcome of {@link BacktestRunner#run}: every prediction with its ground truth and score, the
 * metrics, the settings and the exact data used. Immutable; the Spark views are made on demand in
 * the runner's session (which must still be running).
 *
 * <p>Metrics (see DESIGN.md "Metric definitions") are computed over the scored predictions in time
 * order: {@code score_recent, score_steady, score_anchor} (mean score over the last 24/72/168 h
 * before the last scored prediction), {@code ic, ic_sharpe, hit_rate, mean_return, max_drawdown,
 * sortino_ratio, turnover}, then the counts {@code predictions, scored, unresolved, failed,
 * tick_failures}.
 */
public final class BacktestResult {

  private final SparkSession spark;
  private final String title;
  private final Map<String, Object> config;
  private final RunData data;
  private final List<PredictionRow> rows;
  private final Map<String, Number> metrics;
  private final int candles;
  private final long loopNanos;
  private final long loopCpuNanos;

  BacktestResult(
      SparkSession spark,
      String title,
      Map<String, Object> config,
      RunData data,
      PredictionColumns predictions,
      Map<String, Number> metrics,
      int candles,
      long loopNanos,
      long loopCpuNanos) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.title = title;
    this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    this.data = Objects.requireNonNull(data, "data");
    this.rows = predictions.asList();
    this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    this.candles = candles;
    this.loopNanos = loopNanos;
    this.loopCpuNanos = loopCpuNanos;
  }

  /**
   * The predictions as a Spark table, one row per prediction in time order: {@code ts} (timestamp),
   * {@code output} (the tracker's fields as JSON), {@code value} (the signal), {@code entry_price},
   * {@code resolved_price}, {@code return}, {@code score} (doubles, null when missing), {@code
   * success} (boolean), {@code outcome} ({@code scored}, {@code unresolved} or {@code failed}) and
   * {@code failed_reason} (null when scored).
   */
  public Dataset<Row> predictions() {
    return ResultFrames.predictions(spark, rows);
  }

  /** The same predictions as a plain immutable list (no Spark needed). */
  public List<PredictionRow> predictionList() {
    return rows;
  }

  /** Metrics then counts, in report order (see the class comment). Doubles and integers. */
  public Map<String, Number> metrics() {
    return metrics;
  }

  /**
   * One metric as a double.
   *
   * @throws IllegalArgumentException naming the known metrics when {@code name} is not one
   */
  public double metric(String name) {
    Number value = metrics.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "unknown metric '" + name + "': expected one of " + metrics.keySet());
    }
    return value.doubleValue();
  }

  /** The settings of the run (feed, range, window, schedule, scorer, tracker, cache), ordered. */
  public Map<String, Object> config() {
    return config;
  }

  /**
   * The day files read, oldest first, with the SHA-256 of the bytes read: what reproduces this
   * result. Each was checked against the pull manifest before reading, except those listed in
   * {@link #unverifiedFiles()}.
   */
  public List<DataFile> dataVersion() {
    return data.files();
  }

  /**
   * The files of {@link #dataVersion()} that no pull recorded (copied into the cache by hand):
   * read, but not checked against what the coordinator published.
   */
  public List<DataFile> unverifiedFiles() {
    return data.unverified();
  }

  /**
   * Days of the range without a cached file; empty unless the runner was built with {@code
   * allowMissingDays()} (otherwise such a run fails).
   */
  public List<LocalDate> missingDays() {
    return data.missingDays();
  }

  /**
   * Lower-case hex SHA-256 over the data read (each file's path and SHA-256), the tracker's class,
   * the runner's settings and the scorer. Two runs over the same bytes with the same settings have
   * the same fingerprint and the same metrics; a changed cached byte fails verification instead of
   * changing the metrics silently.
   */
  public String fingerprint() {
    return data.fingerprint();
  }

  /** Number of candles replayed. */
  public int candles() {
    return candles;
  }

  /** Wall time of the replay loop alone (ticks, predictions, scoring), without Spark I/O. */
  public Duration replayTime() {
    return Duration.ofNanos(loopNanos);
  }

  /**
   * CPU time of the replay loop's thread: a steadier speed figure than {@link #replayTime()} on a
   * busy machine. Empty when the JVM cannot measure thread CPU time.
   */
  public java.util.Optional<Duration> replayCpuTime() {
    return loopCpuNanos < 0
        ? java.util.Optional.empty()
        : java.util.Optional.of(Duration.ofNanos(loopCpuNanos));
  }

  /**
   * Rolling mean score over time, with Spark SQL window functions: one row per scored prediction
   * with {@code ts, score, rolling_mean, rolling_count} (over predictions with {@code ts - window
   * <= t <= ts}) and {@code cumulative_score}. The last row's {@code rolling_mean} for 24 h equals
   * {@code score_recent}.
   *
   * @throws IllegalArgumentException when {@code window} is not positive
   */
  public Dataset<Row> rollingScores(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("rolling window must be positive, got " + window);
    }
    return ResultFrames.rollingScores(predictions(), window);
  }

  /** A boxed plain-text report of the settings, data and metrics. */
  public String summary() {
    return Reports.summary(title, config, metrics, dataLines());
  }

  /** An HTML fragment (metrics, settings, first prediction rows) for notebooks. */
  public String toHtml() {
    return Reports.html(title, config, metrics, dataLines(), rows);
  }

  /** The cumulative score over time as an 800x400 PNG. */
  public byte[] cumulativeScoreChartPng() {
    return cumulativeScoreChartPng(800, 400);
  }

  /** The cumulative score over time as a PNG of the given size in pixels. */
  public byte[] cumulativeScoreChartPng(int width, int height) {
    if (width < 100 || height < 100) {
      throw new IllegalArgumentException(
          "chart size " + width + "x" + height + " is too small: use at least 100x100");
    }
    return ScoreChart.cumulativeScorePng(title, rows, width, height);
  }

  /** The data lines of the reports: what was read, what is missing or unverified, fingerprint. */
  private Map<String, String> dataLines() {
    List<DataFile> files = data.files();
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put(
        "data",
        files.isEmpty()
            ? candles + " candles"
            : candles
                + " candles from "
                + files.size()
                + " day file(s) "
                + files.get(0).date()
                + " .. "
                + files.get(files.size() - 1).date());
    if (!data.missingDays().isEmpty()) {
      lines.put("missing_days", Reports.days(data.missingDays()));
    }
    if (!data.unverified().isEmpty()) {
      lines.put(
          "unverified",
          Reports.days(data.unverified().stream().map(DataFile::date).toList())
              + " (not in the pull manifest)");
    }
    lines.put("fingerprint", data.fingerprint());
    return lines;
  }

  @Override
  public String toString() {
    return "BacktestResult["
        + title
        + ", predictions="
        + metrics.get("predictions")
        + ", scored="
        + metrics.get("scored")
        + ", score_recent="
        + metrics.get("score_recent")
        + ", ic="
        + metrics.get("ic")
        + "]";
  }
}
