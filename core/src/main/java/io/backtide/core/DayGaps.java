package io.backtide.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The missing candles of one UTC day of a candle feed, as merged runs ({@link Gap}), from the open
 * times present in its published file and the part of the day the provider was asked for.
 */
public final class DayGaps {
  private DayGaps() {}

  /** {@link #of(Granularity, LocalDate, long[], List)} with one fetched range. */
  public static List<Gap> of(
      Granularity granularity,
      LocalDate day,
      long[] present,
      Instant fetchedFrom,
      Instant fetchedTo) {
    return of(granularity, day, present, List.of(new TimeRange(fetchedFrom, fetchedTo)));
  }

  /**
   * The runs of bars of {@code granularity} in {@code day} that {@code present} (open times in
   * epoch microseconds, ascending) lacks. A run is cut where it enters or leaves the {@code
   * fetched} ranges: inside one, the provider returned nothing (confirmed); outside, it was never
   * asked.
   */
  public static List<Gap> of(
      Granularity granularity, LocalDate day, long[] present, List<TimeRange> fetched) {
    long step = granularity.duration().toNanos() / 1000;
    long start = Micros.of(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    long end = Micros.of(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    long[][] asked =
        fetched.stream()
            .map(r -> new long[] {Micros.of(r.start()), Micros.of(r.end())})
            .toArray(long[][]::new);
    List<Gap> gaps = new ArrayList<>();
    int i = 0;
    long runStart = -1;
    boolean runConfirmed = false;
    for (long t = start; t < end; t += step) {
      while (i < present.length && present[i] < t) {
        i++;
      }
      boolean missing = i >= present.length || present[i] != t;
      boolean confirmed = inside(asked, t);
      if (runStart >= 0 && (!missing || confirmed != runConfirmed)) {
        gaps.add(gap(runStart, t, step, runConfirmed));
        runStart = -1;
      }
      if (missing && runStart < 0) {
        runStart = t;
        runConfirmed = confirmed;
      }
    }
    if (runStart >= 0) {
      gaps.add(gap(runStart, end, step, runConfirmed));
    }
    return gaps;
  }

  private static boolean inside(long[][] ranges, long t) {
    for (long[] r : ranges) {
      if (t >= r[0] && t < r[1]) {
        return true;
      }
    }
    return false;
  }

  private static Gap gap(long startMicros, long endMicros, long step, boolean confirmed) {
    return Gap.of(
        Micros.toInstant(startMicros),
        Micros.toInstant(endMicros),
        (endMicros - startMicros) / step,
        confirmed);
  }
}
