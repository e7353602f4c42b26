package io.backtide.backtest;

import io.backtide.backtest.examples.MovingAverageCrossTracker;
import io.backtide.core.FeedKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;

/** Data and trackers shared by the sweep tests (local and on the standalone cluster). */
public final class SweepFixtures {

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  public static final String START = "2026-01-01";
  public static final String END = "2026-01-03";

  private SweepFixtures() {}

  /** Two days of 1m bars on a seeded random walk, with a 20-minute gap on the second day. */
  public static FeedKey randomWalk(SparkSession spark, Path cache, String subject) {
    FeedKey feed = FeedKey.parse("sim/" + subject + "/candle/1m");
    SplittableRandom random = new SplittableRandom(17);
    List<Bar> bars = new ArrayList<>();
    double close = 100;
    for (int m = 0; m < 2 * 1440; m++) {
      close *= Math.exp(random.nextGaussian() * 0.002);
      if (m < 1800 || m >= 1820) {
        bars.add(Bar.at(T0.plus(Duration.ofMinutes(m)), close));
      }
    }
    DayFiles.write(spark, cache, feed, bars);
    return feed;
  }

  /**
   * The moving-average cross with {@code fast} and {@code slow}; when {@code failEvery} is positive
   * its {@code predict} throws on every {@code failEvery}-th call, so failures are recorded too.
   */
  public static Tracker tracker(Map<String, Object> p) {
    int failEvery = Parameters.intValue(p, "failEvery");
    return new MovingAverageCrossTracker(
        Parameters.intValue(p, "fast"), Parameters.intValue(p, "slow")) {
      private int calls;

      @Override
      public Prediction predict(PredictionScope scope) {
        if (failEvery > 0 && ++calls % failEvery == 0) {
          throw new IllegalStateException("call " + calls);
        }
        return super.predict(scope);
      }
    };
  }

  /** 2 x 2 x 2 sets. */
  public static List<Map<String, Object>> grid() {
    return Parameters.grid().axis("fast", 3, 8).axis("slow", 20, 45).axis("failEvery", 0, 7).sets();
  }
}
