package io.backtide.backtest;

import io.backtide.backtest.examples.MomentumTracker;
import io.backtide.core.FeedKey;
import java.nio.file.Path;

/**
 * The first backtest in a fresh JVM, for {@link FirstBacktestStartTest}: {@code <cache> <day> <next
 * day> runner} lets the runner start its own session, as a notebook's first backtest does; {@code
 * ... api-session} first starts one with {@code org.apache.spark.sql.SparkSession.builder()} (the
 * control). Prints the candles replayed and the run's time in milliseconds.
 */
public final class FirstBacktestProbe {
  static final FeedKey FEED = FeedKey.parse("sim/FIRST/candle/1m");

  private FirstBacktestProbe() {}

  public static void main(String[] args) {
    if (args[3].equals("api-session")) {
      org.apache.spark.sql.SparkSession.builder()
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .getOrCreate();
    }
    long started = System.nanoTime();
    BacktestResult result =
        BacktestRunner.builder(new MomentumTracker())
            .feed(FEED)
            .window(5)
            .cacheDir(Path.of(args[0]))
            .build()
            .run(args[1], args[2]);
    System.out.println("candles " + result.candles());
    System.out.println("run ms " + (System.nanoTime() - started) / 1_000_000);
    System.exit(0);
  }
}
