package io.backtide.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The runs of steps that ascending epoch-microsecond times lack: the one run-finder behind the gap
 * report ({@link DayGaps}) and a source's check of a file for missing candles. One pass over the
 * times, none over the steps, so a day of 1s costs one comparison per candle.
 */
public final class MissingRuns {
  private MissingRuns() {}

  /** A run {@code [start, end)} in epoch microseconds. */
  public record Run(long start, long end) {}

  /**
   * The runs of {@code [from, to)} that {@code count} ascending times lack ({@code at} gives the
   * i-th), each at least one {@code step} long: a run starts where a time is expected (at {@code
   * from}, then one step after each time) and ends at the next time, or at {@code to}. Times
   * outside {@code [from, to)} are ignored.
   */
  public static List<Run> of(int count, IntToLongFunction at, long from, long to, long step) {
    if (step <= 0) {
      throw new IllegalArgumentException("step must be positive: " + step);
    }
    List<Run> runs = new ArrayList<>();
    long expected = from;
    for (int i = 0; i < count; i++) {
      long t = at.applyAsLong(i);
      if (t < from) {
        continue;
      }
      if (t >= to) {
        break;
      }
      if (t - expected >= step) {
        runs.add(new Run(expected, t));
      }
      expected = Math.max(expected, t + step);
    }
    if (to - expected >= step) {
      runs.add(new Run(expected, to));
    }
    return runs;
  }
}
