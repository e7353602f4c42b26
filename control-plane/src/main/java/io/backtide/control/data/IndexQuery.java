package io.backtide.control.data;

import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The filter of {@code GET /data/backfill/index?source=&subject=&kind=&granularity=&start=&end=}:
 * any subset of the parameters (an empty value counts as absent). A day matches {@code start} and
 * {@code end} when it touches {@code [start, end)}, as {@link TimeRange#days()} counts days.
 */
record IndexQuery(
    Optional<String> source,
    Optional<String> subject,
    Optional<FeedKind> kind,
    Optional<Granularity> granularity,
    Optional<Instant> start,
    Optional<Instant> end) {

  static final IndexQuery EVERYTHING =
      new IndexQuery(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  private static final Set<String> NAMES =
      Set.of("source", "subject", "kind", "granularity", "start", "end");

  IndexQuery {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(granularity, "granularity");
    if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
      throw DataErrors.badIndexQuery(
          "start "
              + start.get()
              + " must be before end "
              + end.get()
              + " (the range is [start, end))");
    }
  }

  /**
   * Parses the query string's parameters.
   *
   * @throws io.backtide.control.ApiException 400 for an unknown or repeated parameter or a bad
   *     value
   */
  static IndexQuery parse(Map<String, List<String>> params) {
    for (var p : params.entrySet()) {
      if (!NAMES.contains(p.getKey())) {
        throw DataErrors.badIndexQuery("unknown parameter '" + p.getKey() + "'");
      }
      if (p.getValue().size() > 1) {
        throw DataErrors.badIndexQuery("parameter '" + p.getKey() + "' given more than once");
      }
    }
    try {
      Optional<String> source = value(params, "source");
      Optional<String> subject = value(params, "subject");
      // FeedKey holds the rules for a source and a subject; the placeholders are always valid.
      new FeedKey(source.orElse("x"), subject.orElse("x"), FeedKind.CANDLE, Granularity.M1);
      return new IndexQuery(
          source,
          subject,
          value(params, "kind").map(FeedKind::parse),
          value(params, "granularity").map(Granularity::parse),
          value(params, "start").map(v -> TimeRange.parseInstant("start", v)),
          value(params, "end").map(v -> TimeRange.parseInstant("end", v)));
    } catch (IllegalArgumentException e) {
      throw DataErrors.badIndexQuery(e.getMessage());
    }
  }

  private static Optional<String> value(Map<String, List<String>> params, String name) {
    return Optional.ofNullable(params.get(name))
        .flatMap(values -> values.stream().findFirst())
        .map(String::trim)
        .filter(v -> !v.isEmpty());
  }

  /** The one feed named when all four feed parameters are given. */
  Optional<FeedKey> feed() {
    if (source.isEmpty() || subject.isEmpty() || kind.isEmpty() || granularity.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FeedKey(source.get(), subject.get(), kind.get(), granularity.get()));
  }

  boolean matches(FeedKey feed) {
    return source.map(feed.source()::equals).orElse(true)
        && subject.map(feed.subject()::equals).orElse(true)
        && kind.map(feed.kind()::equals).orElse(true)
        && granularity.map(feed.granularity()::equals).orElse(true);
  }

  /** The first day that touches the range, when {@code start} is given. */
  Optional<LocalDate> firstDay() {
    return start.map(s -> LocalDate.ofInstant(s, ZoneOffset.UTC));
  }

  /** The last day that touches the range (the one holding {@code end - 1ns}). */
  Optional<LocalDate> lastDay() {
    return end.map(e -> LocalDate.ofInstant(e.minusNanos(1), ZoneOffset.UTC));
  }

  /** One string per distinct filter, for caching answers. */
  String key() {
    return String.join(
        "|",
        source.orElse(""),
        subject.orElse(""),
        kind.map(FeedKind::code).orElse(""),
        granularity.map(Granularity::code).orElse(""),
        firstDay().map(LocalDate::toString).orElse(""),
        lastDay().map(LocalDate::toString).orElse(""));
  }
}
