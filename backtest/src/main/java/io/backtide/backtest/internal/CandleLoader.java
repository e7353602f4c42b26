package io.backtide.backtest.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;

import io.backtide.backtest.DataFile;
import io.backtide.core.TimeRange;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Reads the cached daily files through Spark SQL, keeps exactly {@code start <= ts_event < end},
 * and collects the rows once into {@link CandleColumns}.
 */
public final class CandleLoader {

  /** The columns of a published daily file that the replay reads. */
  static final StructType PUBLISHED =
      new StructType()
          .add("ts_event", DataTypes.TimestampType)
          .add("open", DataTypes.DoubleType)
          .add("high", DataTypes.DoubleType)
          .add("low", DataTypes.DoubleType)
          .add("close", DataTypes.DoubleType)
          .add("volume", DataTypes.DoubleType);

  private static final String LISTING_THRESHOLD =
      "spark.sql.sources.parallelPartitionDiscovery.threshold";

  private CandleLoader() {}

  public static CandleColumns load(SparkSession spark, List<DataFile> files, TimeRange range) {
    List<Path> paths = files.stream().map(DataFile::path).toList();
    try {
      return collect(select(spark, paths, range));
    } catch (Exception e) {
      // Spark's own failures are org.apache.spark.SparkException, a checked Scala exception that
      // Java code cannot name in a catch clause of this try; catching Exception covers it.
      throw BacktestErrors.sparkRead(paths, e);
    }
  }

  /**
   * The rows of the range as {@code (ts_us, open, high, low, close, volume)}, in file order. The
   * read schema is given, so no file is opened just to infer it.
   */
  static Dataset<Row> select(SparkSession spark, List<Path> paths, TimeRange range) {
    String[] locations = paths.stream().map(p -> p.toUri().toString()).toArray(String[]::new);
    Dataset<Row> files = readListingSerially(spark, locations);
    Column ts = col("ts_event");
    Column inRange =
        ts.geq(timestamp_micros(lit(Micros.of(range.start()))))
            .and(ts.lt(timestamp_micros(lit(Micros.of(range.end())))));
    return files
        .where(inRange)
        .select(
            unix_micros(ts).as("ts_us"),
            col("open").cast("double"),
            col("high").cast("double"),
            col("low").cast("double"),
            col("close").cast("double"),
            col("volume").cast("double"));
  }

  /**
   * Spark lists more than 32 paths with a distributed job of one task per path, which costs seconds
   * for a year of small local day files; listing them on the driver takes milliseconds. The listing
   * happens when the relation is made, so the setting is restored right after.
   */
  private static Dataset<Row> readListingSerially(SparkSession spark, String[] locations) {
    RuntimeConfig conf = spark.conf();
    Option<String> before = conf.getOption(LISTING_THRESHOLD);
    conf.set(LISTING_THRESHOLD, Integer.toString(Math.max(32, locations.length + 1)));
    try {
      return spark.read().schema(PUBLISHED).parquet(locations);
    } finally {
      if (before.isDefined()) {
        conf.set(LISTING_THRESHOLD, before.get());
      } else {
        conf.unset(LISTING_THRESHOLD);
      }
    }
  }

  /** One parallel job; the order is restored in {@link CandleColumns.Builder#build()}. */
  private static CandleColumns collect(Dataset<Row> rows) {
    CandleColumns.Builder columns = CandleColumns.builder();
    for (Row r : rows.collectAsList()) {
      columns.add(r.getLong(0), num(r, 1), num(r, 2), num(r, 3), num(r, 4), num(r, 5));
    }
    return columns.build();
  }

  private static double num(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }
}
