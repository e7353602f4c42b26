package io.backtide.backtest;

import io.backtide.backtest.internal.SweepReports;
import io.backtide.backtest.internal.SweepTable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The outcome of {@link BacktestSweep#run}: one row per parameter set, in the sweep's order, with
 * the columns {@code set} (its position), one per parameter (typed as given), every metric and
 * count of {@link BacktestResult#metrics()} in the same order and with the same values, {@code
 * candles}, {@code replay_ms} (that set's replay loop) and {@code executor} (the Spark executor
 * that ran it, {@code driver} in local mode). Immutable; the rows are held on the driver, so {@link
 * #toDataset()} costs no replay.
 */
public final class SweepResult {

  private final SparkSession spark;
  private final String title;
  private final SweepTable table;
  private final List<Row> rows;
  private final List<DataFile> dataVersion;
  private final Duration readTime;
  private final Duration replayTime;

  SweepResult(
      SparkSession spark,
      String title,
      SweepTable table,
      List<Row> rows,
      List<DataFile> dataVersion,
      Duration readTime,
      Duration replayTime) {
    this.spark = spark;
    this.title = title;
    this.table = table;
    this.rows = List.copyOf(rows);
    this.dataVersion = List.copyOf(dataVersion);
    this.readTime = readTime;
    this.replayTime = replayTime;
  }

  /** The results as a Spark table (see the class comment), in the runner's session. */
  public Dataset<Row> toDataset() {
    return spark.createDataFrame(rows, table.schema());
  }

  /** The same rows as a plain list, in set order. */
  public List<Row> rows() {
    return rows;
  }

  /** The parameter columns, in order. */
  public List<String> parameterNames() {
    return table.parameterNames();
  }

  /** The metric and count columns, in report order. */
  public List<String> metricNames() {
    return table.metricNames();
  }

  /**
   * The row with the highest {@code metric} (NaN ignored; on a tie the earlier set). For a metric
   * where lower is better, sort {@link #toDataset()} instead.
   *
   * @throws IllegalArgumentException naming the metrics when {@code metric} is not one
   */
  public Row best(String metric) {
    return rows.get(bestIndex(metric));
  }

  /** The parameter set of {@link #best(String)}, as an ordered map. */
  public Map<String, Object> bestParameters(String metric) {
    Row row = best(metric);
    Map<String, Object> set = new LinkedHashMap<>();
    table.parameterNames().forEach(name -> set.put(name, row.getAs(name)));
    return set;
  }

  /** An HTML table of every row for notebooks. */
  public String toHtml() {
    return SweepReports.html(title, table.schema(), rows, "", -1);
  }

  /** As {@link #toHtml()}, with the best row by {@code metric} in bold. */
  public String toHtml(String metric) {
    return SweepReports.html(title, table.schema(), rows, metric, bestIndex(metric));
  }

  /** The day files read (once, for every set), oldest first, with their SHA-256. */
  public List<DataFile> dataVersion() {
    return dataVersion;
  }

  /** Wall time of reading the candles through Spark SQL. */
  public Duration readTime() {
    return readTime;
  }

  /** Wall time from the broadcast to the last set's metrics on the driver. */
  public Duration replayTime() {
    return replayTime;
  }

  private int bestIndex(String metric) {
    if (!table.metricNames().contains(metric)) {
      throw new IllegalArgumentException(
          "unknown metric '" + metric + "': expected one of " + table.metricNames());
    }
    int best = 0;
    double top = Double.NaN;
    for (int i = 0; i < rows.size(); i++) {
      double v = ((Number) rows.get(i).getAs(metric)).doubleValue();
      if (!Double.isNaN(v) && (Double.isNaN(top) || v > top)) {
        best = i;
        top = v;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "SweepResult[" + title + "]";
  }
}
