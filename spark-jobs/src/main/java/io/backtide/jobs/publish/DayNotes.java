package io.backtide.jobs.publish;

import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.DayOrigin;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run knows of a UTC day besides its rows: where they came from, which part of the day it
 * asked the provider for (the job's range up to its cursor, cut to the day) and which parts of that
 * the source served without asking about their missing candles ({@code unasked}, see {@link
 * io.backtide.jobs.provider.CandleSource#unasked(LocalDate)}). A missing candle in {@code fetched}
 * but not in {@code unasked} is confirmed missing (the provider returned nothing for it).
 */
public record DayNotes(
    Optional<DayOrigin> origin, List<TimeRange> fetched, List<TimeRange> unasked) {
  public DayNotes {
    Objects.requireNonNull(origin, "origin");
    fetched = List.copyOf(fetched);
    unasked = List.copyOf(unasked);
  }

  /**
   * The part of {@code day} inside {@code asked} (none when they do not meet), its origin and the
   * parts left unasked.
   */
  public static DayNotes of(
      LocalDate day, TimeRange asked, Optional<DayOrigin> origin, List<TimeRange> unasked) {
    return new DayNotes(origin, cut(day, asked), unasked);
  }

  /** {@code range} cut to {@code day}: none when they do not meet. */
  public static List<TimeRange> cut(LocalDate day, TimeRange range) {
    TimeRange whole = wholeDay(day);
    Instant start = range.start().isAfter(whole.start()) ? range.start() : whole.start();
    Instant end = range.end().isBefore(whole.end()) ? range.end() : whole.end();
    return start.isBefore(end) ? List.of(new TimeRange(start, end)) : List.of();
  }

  /** Whether this run asked for all of {@code day}. */
  boolean wholeDayFetched(LocalDate day) {
    return fetched.equals(List.of(wholeDay(day)));
  }

  /** The parts of {@code fetched} outside {@code unasked}: where a missing candle is confirmed. */
  List<TimeRange> confirming() {
    List<TimeRange> left = fetched;
    for (TimeRange hole : unasked) {
      List<TimeRange> next = new ArrayList<>();
      for (TimeRange r : left) {
        if (!hole.start().isBefore(r.end()) || !hole.end().isAfter(r.start())) {
          next.add(r);
          continue;
        }
        if (r.start().isBefore(hole.start())) {
          next.add(new TimeRange(r.start(), hole.start()));
        }
        if (hole.end().isBefore(r.end())) {
          next.add(new TimeRange(hole.end(), r.end()));
        }
      }
      left = next;
    }
    return left;
  }

  static TimeRange wholeDay(LocalDate day) {
    return new TimeRange(
        day.atStartOfDay(ZoneOffset.UTC).toInstant(),
        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
