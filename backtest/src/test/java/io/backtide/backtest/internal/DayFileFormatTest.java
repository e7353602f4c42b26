package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.backtest.Bar;
import io.backtide.backtest.DayFiles;
import io.backtide.backtest.TestSpark;
import io.backtide.core.FeedKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The day-file format reads what Spark's Parquet format reads, with a slim configuration. */
class DayFileFormatTest {

  static final FeedKey FEED = FeedKey.parse("sim/FORMAT/candle/1m");

  @TempDir static Path dir;
  static SparkSession spark;
  static List<Path> paths;

  @BeforeAll
  static void writeTwoDays() {
    spark = TestSpark.start(dir);
    List<Bar> bars = new ArrayList<>();
    Instant t0 = Instant.parse("2026-05-01T00:00:00Z");
    for (int i = 0; i < 2 * 1440; i += 3) {
      double p = 50 + Math.cos(i / 40.0);
      bars.add(new Bar(t0.plus(Duration.ofMinutes(i)), p, p + 1, p - 1, p + 0.25, i % 5));
    }
    paths = List.copyOf(DayFiles.write(spark, dir.resolve("cache"), FEED, bars).values());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void theScanUsesTheDayFileFormatAndGivesTheRowsOfSparksParquetFormat() {
    Dataset<Row> scan = CandleReader.scan(spark, paths, CandleReader.BARS);
    String[] locations = paths.stream().map(p -> p.toUri().toString()).toArray(String[]::new);
    Dataset<Row> parquet = spark.read().schema(CandleReader.BARS).parquet(locations);

    assertThat(scan.queryExecution().sparkPlan())
        .isInstanceOfSatisfying(
            FileSourceScanExec.class,
            s -> assertThat(s.relation().fileFormat()).isInstanceOf(DayFileFormat.class));
    List<Row> rows = scan.collectAsList();
    assertThat(rows).hasSize(2 * 1440 / 3).isEqualTo(parquet.collectAsList());
  }

  @Test
  void theReadersConfigurationKeepsEverySettingButHadoopsDefaults() {
    Configuration conf = new Configuration();
    conf.set("spark.sql.session.timeZone", "UTC");
    conf.set("fs.local.block.size", "1048576"); // also in core-default.xml: set here, kept
    conf.set("backtide.base", "/data");
    conf.set("backtide.path", "${backtide.base}/cache");

    Configuration slim = DayFileFormat.withoutDefaults(conf);

    assertThat(conf.get("io.file.buffer.size")).as("a core-default.xml setting").isNotNull();
    assertThat(slim.get("io.file.buffer.size")).isNull();
    assertThat(slim.get("spark.sql.session.timeZone")).isEqualTo("UTC");
    assertThat(slim.get("fs.local.block.size")).isEqualTo("1048576");
    assertThat(slim.get("backtide.path")).isEqualTo("/data/cache");
    assertThat(slim.size()).isLessThan(conf.size() / 10);
  }
}
