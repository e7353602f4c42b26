package io.backtide.backtest;

import io.backtide.core.FeedKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes fixture files in the published layout {@code root/feed/YYYY-MM-DD.parquet} with the
 * published schema, through Spark (INT64 TIMESTAMP_MICROS).
 */
public final class DayFiles {

  static final StructType SCHEMA =
      new StructType()
          .add("ts_event", DataTypes.TimestampType, false)
          .add("source", DataTypes.StringType, false)
          .add("subject", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("granularity", DataTypes.StringType, false)
          .add("open", DataTypes.DoubleType, false)
          .add("high", DataTypes.DoubleType, false)
          .add("low", DataTypes.DoubleType, false)
          .add("close", DataTypes.DoubleType, false)
          .add("volume", DataTypes.DoubleType, false)
          .add("meta", DataTypes.StringType, false);

  private DayFiles() {}

  /** Writes the bars grouped by UTC day; returns the files by day. */
  public static Map<LocalDate, Path> write(
      SparkSession spark, Path root, FeedKey feed, List<Bar> bars) {
    return write(spark, root, feed, bars, b -> "{}");
  }

  /** As above, with each bar's {@code meta} JSON from {@code meta}. */
  public static Map<LocalDate, Path> write(
      SparkSession spark, Path root, FeedKey feed, List<Bar> bars, Function<Bar, String> meta) {
    Map<LocalDate, List<Bar>> byDay = new TreeMap<>();
    for (Bar b : bars) {
      byDay
          .computeIfAbsent(LocalDate.ofInstant(b.ts(), ZoneOffset.UTC), d -> new ArrayList<>())
          .add(b);
    }
    Map<LocalDate, Path> files = new TreeMap<>();
    byDay.forEach(
        (day, dayBars) -> files.put(day, writeDay(spark, root, feed, day, dayBars, meta)));
    return files;
  }

  /** Writes {@code bars} (of feed {@code sim/TEST/candle/1m}) as one file {@code target}. */
  public static Path writeFile(SparkSession spark, Path target, List<Bar> bars) {
    return writeTo(
        spark,
        FeedKey.parse("sim/TEST/candle/1m"),
        bars,
        b -> "{}",
        target,
        target.resolveSibling("_staging-" + target.getFileName()));
  }

  static Path writeDay(SparkSession spark, Path root, FeedKey feed, LocalDate day, List<Bar> bars) {
    return writeDay(spark, root, feed, day, bars, b -> "{}");
  }

  static Path writeDay(
      SparkSession spark,
      Path root,
      FeedKey feed,
      LocalDate day,
      List<Bar> bars,
      Function<Bar, String> meta) {
    Path target = root.resolve(feed.path()).resolve(day + ".parquet");
    Path staging = root.resolve("_staging").resolve(feed.path()).resolve(day.toString());
    return writeTo(spark, feed, bars, meta, target, staging);
  }

  private static Path writeTo(
      SparkSession spark,
      FeedKey feed,
      List<Bar> bars,
      Function<Bar, String> meta,
      Path target,
      Path staging) {
    List<Row> rows = new ArrayList<>();
    for (Bar b : bars) {
      rows.add(
          RowFactory.create(
              Timestamp.from(b.ts()),
              feed.source(),
              feed.subject(),
              feed.kind().code(),
              feed.granularity().code(),
              b.open(),
              b.high(),
              b.low(),
              b.close(),
              b.volume(),
              meta.apply(b)));
    }
    spark
        .createDataFrame(rows, SCHEMA)
        .coalesce(1)
        .orderBy("ts_event")
        .write()
        .mode("overwrite")
        .parquet(staging.toString());
    try (Stream<Path> parts = Files.list(staging)) {
      Path part =
          parts
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Files.createDirectories(target.getParent());
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code count} bars every {@code step} from {@code start}, closes from {@code closes}. */
  public static List<Bar> series(Instant start, Duration step, double... closes) {
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < closes.length; i++) {
      bars.add(Bar.at(start.plus(step.multipliedBy(i)), closes[i]));
    }
    return bars;
  }
}
