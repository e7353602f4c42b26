package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runner does with cached files that are damaged, missing or of unknown origin. */
class CachedDataTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.start(dir);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** Three days of 1m, four candles each at the start of the day. */
  static Map<LocalDate, Path> threeDays(Path cache, FeedKey feed) {
    var bars = new java.util.ArrayList<Bar>();
    for (int d = 0; d < 3; d++) {
      bars.addAll(DayFiles.series(T0.plus(Duration.ofDays(d)), Duration.ofMinutes(1), 10, 11, 12));
    }
    return DayFiles.write(spark, cache, feed, bars);
  }

  static BacktestRunnerBuilder runner(Path cache, FeedKey feed) {
    return BacktestRunner.builder(RecordingTracker.up())
        .feed(feed)
        .window(1)
        .cacheDir(cache)
        .spark(spark);
  }

  @Test
  void aFileSparkCannotReadIsABacktestExceptionNamingItAndTheFix() throws IOException {
    Path cache = dir.resolve("unreadable");
    FeedKey feed = FeedKey.parse("sim/UNREADABLE/candle/1m");
    Path day2 = threeDays(cache, feed).get(LocalDate.parse("2026-01-02"));
    Files.write(day2, "this is not parquet, only some bytes".getBytes());

    BacktestRunner runner = runner(cache, feed).build();

    assertThatThrownBy(() -> runner.run("2026-01-01", "2026-01-04"))
        .isInstanceOf(BacktestException.class)
        .hasMessageStartingWith("Spark could not read the cached file " + day2 + ": ")
        .hasMessageEndingWith(
            "; delete it and pull again (BacktestClient.refresh(...), or run with"
                + " coordinator(...) set)");
    assertThat(day2).exists();
  }
}
