package io.backtide.backtest.internal;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.backtest.PredictionRow;
import io.backtide.core.Micros;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Spark views of a result: the predictions table and rolling scores (window functions). */
public final class ResultFrames {

  /** Schema of {@code BacktestResult.predictions()}. */
  public static final StructType PREDICTIONS =
      new StructType()
          .add("ts", DataTypes.TimestampType, false)
          .add("output", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, true)
          .add("entry_price", DataTypes.DoubleType, true)
          .add("resolved_price", DataTypes.DoubleType, true)
          .add("return", DataTypes.DoubleType, true)
          .add("score", DataTypes.DoubleType, true)
          .add("success", DataTypes.BooleanType, false)
          .add("outcome", DataTypes.StringType, false)
          .add("failed_reason", DataTypes.StringType, true);

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultFrames() {}

  public static Dataset<Row> predictions(SparkSession spark, List<PredictionRow> rows) {
    List<Row> out = new ArrayList<>(rows.size());
    for (PredictionRow r : rows) {
      out.add(
          RowFactory.create(
              Timestamp.from(r.ts()),
              json(r.output()),
              orNull(r.value()),
              orNull(r.entryPrice()),
              orNull(r.resolvedPrice()),
              orNull(r.ret()),
              orNull(r.score()),
              r.success(),
              r.outcome().code(),
              r.failedReason().orElse(null)));
    }
    return spark.createDataFrame(out, PREDICTIONS);
  }

  /**
   * Per scored prediction: {@code ts, score, rolling_mean, rolling_count} over {@code ts - window
   * <= t <= ts}, and {@code cumulative_score}, computed with window functions.
   */
  public static Dataset<Row> rollingScores(Dataset<Row> predictions, Duration window) {
    WindowSpec byTime = Window.orderBy(col("ts_us"));
    WindowSpec trailing = byTime.rangeBetween(-Micros.of(window), 0);
    WindowSpec upToNow = byTime.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return predictions
        .where(col("success"))
        .select(col("ts"), col("score"), unix_micros(col("ts")).as("ts_us"))
        .select(
            col("ts"),
            col("score"),
            avg("score").over(trailing).as("rolling_mean"),
            count("score").over(trailing).as("rolling_count"),
            sum("score").over(upToNow).as("cumulative_score"))
        .orderBy("ts");
  }

  private static Double orNull(double x) {
    return Double.isNaN(x) ? null : x;
  }

  static String json(Map<String, Object> output) {
    try {
      return JSON.writeValueAsString(output);
    } catch (JsonProcessingException e) {
      return "{\"unserialisable\": " + JSON.valueToTree(String.valueOf(output)) + "}";
    }
  }
}
