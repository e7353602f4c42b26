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
 *
 * <p>A job with both compilers hands a method to C2 only after five times the JVM's default counts
 * of calls and loop iterations ({@link #LATER_C2}). In a 30-day job of 1s the compiler threads
 * still took about a third of the CPU samples, mostly compiling methods of Spark's, Delta's and
 * Hadoop's start-up that run a few thousand times; the per-candle methods run millions of times and
 * reach C2 within the first day all the same. Alternated with the defaults on that job (warm-up
 * first, bench/archive.sh): 379,000-412,000 against 333,000-350,000 candles/s after start-up, with
 * 15.0-16.2 s of job CPU against 18.6-19.4 s. Fifteen times the counts gave 347,000-387,000.
 */
public final class JobJit {
  /** A year of 1m is 525,600 candles (C1 only); 30 days of 1s, 2,592,000 (both compilers). */
  public static final long SHORT_JOB_CANDLES = 1_000_000;

  static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  /** C2 after five times HotSpot's default tier-4 thresholds (5,000, 600, 15,000, 40,000). */
  static final List<String> LATER_C2 =
      List.of(
          "-XX:Tier4InvocationThreshold=25000",
          "-XX:Tier4MinInvocationThreshold=3000",
          "-XX:Tier4CompileThreshold=75000",
          "-XX:Tier4BackEdgeThreshold=200000");

  private JobJit() {}

  /** The JVM options for a job of {@code feed} over {@code range}. */
  public static List<String> options(FeedKey feed, TimeRange range) {
    if (feed.kind() != FeedKind.CANDLE) {
      return LATER_C2;
    }
    long candles = range.duration().dividedBy(feed.granularity().duration());
    return candles <= SHORT_JOB_CANDLES ? List.of(C1_ONLY) : LATER_C2;
  }
}
