package io.backtide.core;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A half-open UTC interval {@code [start, end)} with {@code start < end}. */
public record TimeRange(Instant start, Instant end) {

  static final String ACCEPTED =
      "YYYY-MM-DD (midnight UTC), or ISO-8601 date-time with or without an offset"
          + " (2026-01-01T12:00:00Z, 2026-01-01T12:00:00+02:00, 2026-01-01T12:00 = UTC)";

  public TimeRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException(
          "start " + start + " must be before end " + end + " (the range is [start, end))");
    }
  }

  /** Parses both ends with {@link #parseInstant(String, String)}. */
  public static TimeRange parse(String start, String end) {
    return new TimeRange(parseInstant("start", start), parseInstant("end", end));
  }

  /**
   * Parses {@code YYYY-MM-DD} (midnight UTC) or ISO-8601 with or without an offset (no offset means
   * UTC).
   *
   * @param field the name used in the error message (e.g. {@code start})
   * @throws IllegalArgumentException quoting the input and the accepted forms
   */
  public static Instant parseInstant(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(field + " is missing: expected " + ACCEPTED);
    }
    String t = text.trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (t.endsWith("Z") || t.endsWith("z") || hasOffset(t)) {
        return OffsetDateTime.parse(t.replace('z', 'Z')).toInstant();
      }
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "cannot parse " + field + " '" + text + "': expected " + ACCEPTED, e);
    }
  }

  private static boolean hasOffset(String t) {
    int tee = t.indexOf('T');
    return tee > 0 && (t.indexOf('+', tee) > 0 || t.indexOf('-', tee) > 0);
  }

  public Duration duration() {
    return Duration.between(start, end);
  }

  public boolean contains(Instant ts) {
    return !ts.isBefore(start) && ts.isBefore(end);
  }

  /** The UTC days that this range touches, in order (the last day is the one holding end - 1ns). */
  public List<LocalDate> days() {
    LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  /** Parses a UTC date {@code YYYY-MM-DD}, naming the field when it is not one. */
  public static LocalDate parseDate(String field, String text) {
    try {
      return LocalDate.parse(Objects.requireNonNull(text, field).trim());
    } catch (DateTimeException | NullPointerException e) {
      throw new IllegalArgumentException(
          "cannot parse " + field + " '" + text + "': expected a date YYYY-MM-DD", e);
    }
  }
}
