package io.backtide.backtest.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;

/**
 * A job of one task that decodes one day file and returns nothing: the first job in a JVM loads and
 * runs, interpreted, Spark's scheduler, task serialisation and result handling, and the task's
 * Parquet decoding, about half a second on a small machine before the first query's task starts.
 * Run beside the first query's analysis and planning (one thread each), that work is done when the
 * query's job starts.
 */
final class SchedulerWarmUp {
  private SchedulerWarmUp() {}

  /** Runs the job over {@code dayFile}, a checked day file. */
  static void run(SparkSession spark, Path dayFile) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    PartitionBlocks.collect(sc.parallelize(List.of(dayFile.toString()), 1).rdd(), new Decode());
  }

  /** Decodes each named day file's candle columns. */
  static final class Decode implements FlatMapFunction<Iterator<String>, byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<byte[]> call(Iterator<String> files) {
      files.forEachRemaining(
          f -> {
            try {
              Path p = Path.of(f);
              DayFileBatches.read(p, 0, Files.size(p), CandleReader.BARS);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      return List.<byte[]>of().iterator();
    }
  }
}
