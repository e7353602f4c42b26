package io.backtide.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

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
    for (MissingRuns.Run run : MissingRuns.of(present.length, i -> present[i], start, end, step)) {
      // cut where the run enters or leaves an asked range, at the first step on or after the edge
      TreeSet<Long> cuts = new TreeSet<>(List.of(run.start(), run.end()));
      for (long[] r : asked) {
        for (long edge : r) {
          long cut = run.start() - Math.floorDiv(run.start() - edge, step) * step;
          if (cut > run.start() && cut < run.end()) {
            cuts.add(cut);
          }
        }
      }
      long pieceStart = run.start();
      boolean confirmed = inside(asked, pieceStart);
      for (long cut : cuts.tailSet(run.start(), false)) {
        boolean next = cut < run.end() && inside(asked, cut);
        if (cut == run.end() || next != confirmed) {
          gaps.add(gap(pieceStart, cut, step, confirmed));
          pieceStart = cut;
          confirmed = next;
        }
      }
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
