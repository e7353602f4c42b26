package io.backtide.jobs.publish;

import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.DayOrigin;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run knows of a UTC day besides its rows: where they came from, and which part of the day
 * it asked the provider for (the job's range up to its cursor, cut to the day). A missing candle in
 * {@code fetched} is confirmed missing (the provider returned nothing for it).
 */
public record DayNotes(Optional<DayOrigin> origin, List<TimeRange> fetched) {
  public DayNotes {
    Objects.requireNonNull(origin, "origin");
    fetched = List.copyOf(fetched);
  }

  /** The part of {@code day} inside {@code asked} (none when they do not meet), and its origin. */
  public static DayNotes of(LocalDate day, TimeRange asked, Optional<DayOrigin> origin) {
    TimeRange whole = wholeDay(day);
    Instant start = asked.start().isAfter(whole.start()) ? asked.start() : whole.start();
    Instant end = asked.end().isBefore(whole.end()) ? asked.end() : whole.end();
    return new DayNotes(
        origin, start.isBefore(end) ? List.of(new TimeRange(start, end)) : List.of());
  }

  /** Whether this run asked for all of {@code day}. */
  boolean wholeDayFetched(LocalDate day) {
    return fetched.equals(List.of(wholeDay(day)));
  }

  static TimeRange wholeDay(LocalDate day) {
    return new TimeRange(
        day.atStartOfDay(ZoneOffset.UTC).toInstant(),
        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
