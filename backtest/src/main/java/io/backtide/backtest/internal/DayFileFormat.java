package io.backtide.backtest.internal;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;

/**
 * Spark's Parquet file format (same planning, same column batches) for many small local day files.
 * Where the scan returns column batches of timestamp and double columns only (the runner's candle
 * columns), each local file is read by {@link DayFileReader}: opened once, its footer parsed once,
 * its columns decoded straight into one batch per row group; Spark's vectorized reader opens each
 * file twice and sets up per-file state that, on a year of 1m day files (365 files of ~60 KB), cost
 * more than the decoding. Any other scan (the {@code meta} column, rows) and any file not in the
 * plain layout goes to Spark's reader. The Hadoop configuration Spark's reader copies per file
 * holds only the settings that someone set, not the ~1,000 defaults of Hadoop's {@code
 * *-default.xml} files, which Hadoop's code falls back to anyway (the copies were a quarter of the
 * scan's time). {@link CandleReader#scan} gives it to the relation of the day files.
 */
public final class DayFileFormat extends ParquetFileFormat {
  private static final long serialVersionUID = 1L;

  @Override
  public Function1<PartitionedFile, Iterator<InternalRow>> buildReaderWithPartitionValues(
      SparkSession spark,
      StructType dataSchema,
      StructType partitionSchema,
      StructType requiredSchema,
      Seq<Filter> filters,
      scala.collection.immutable.Map<String, String> options,
      Configuration hadoopConf) {
    Function1<PartitionedFile, Iterator<InternalRow>> sparks =
        super.buildReaderWithPartitionValues(
            spark,
            dataSchema,
            partitionSchema,
            requiredSchema,
            filters,
            options,
            withoutDefaults(hadoopConf));
    boolean batches = options.get(FileFormat.OPTION_RETURNING_BATCH()).contains("true");
    return batches && partitionSchema.isEmpty() && candleColumnsOnly(requiredSchema)
        ? new DayFileReader(requiredSchema, sparks)
        : sparks;
  }

  /** Whether {@code schema} has only the types {@link DayFileBatches} decodes (and any column). */
  static boolean candleColumnsOnly(StructType schema) {
    for (StructField f : schema.fields()) {
      if (!f.dataType().equals(DataTypes.TimestampType)
          && !f.dataType().equals(DataTypes.DoubleType)) {
        return false;
      }
    }
    return schema.nonEmpty();
  }

  /**
   * A configuration that loads no default resources and holds every setting of {@code conf} that
   * does not come only from Hadoop's {@code *-default.xml} files (Spark's, the user's {@code
   * *-site.xml}, anything set in code), with its variables expanded.
   */
  static Configuration withoutDefaults(Configuration conf) {
    Configuration slim = new Configuration(false);
    for (Map.Entry<String, String> e : conf) {
      if (!fromDefaultsOnly(conf.getPropertySources(e.getKey()))) {
        String value = conf.get(e.getKey());
        slim.set(e.getKey(), value != null ? value : e.getValue());
      }
    }
    return slim;
  }

  private static boolean fromDefaultsOnly(String[] sources) {
    if (sources == null || sources.length == 0) {
      return false;
    }
    for (String s : sources) {
      if (!s.endsWith("-default.xml")) {
        return false;
      }
    }
    return true;
  }
}
