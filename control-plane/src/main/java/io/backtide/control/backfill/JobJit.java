package io.backtide.control.backfill;

import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.core.TimeRange;
import java.util.List;

/**
 * The JIT compilers of a single-feed job's JVM. Java's optimising compiler (C2) pays off on long
 * jobs, but in a short one its compiler threads are the largest CPU consumer (22 s of a 44 s job
 * writing a year of 1m, on 2 cores) and finish compiling after the work is done; such a job runs
 * with the quick compiler (C1) only ({@code -XX:TieredStopAtLevel=1}). Short means at most {@link
 * #SHORT_JOB_CANDLES} candles in the job's range; tick feeds always get both compilers.
 */
public final class JobJit {
  /** A year of 1m is 525,600 candles (C1 only); 30 days of 1s, 2,592,000 (both compilers). */
  public static final long SHORT_JOB_CANDLES = 1_000_000;

  static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  private JobJit() {}

  /** The JVM options for a job of {@code feed} over {@code range}. */
  public static List<String> options(FeedKey feed, TimeRange range) {
    if (feed.kind() != FeedKind.CANDLE) {
      return List.of();
    }
    long candles = range.duration().dividedBy(feed.granularity().duration());
    return candles <= SHORT_JOB_CANDLES ? List.of(C1_ONLY) : List.of();
  }
}
