package io.backtide.control.data;

import io.backtide.core.IndexEntry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Optional;

/** What the published store holds for one feed: days, records and the first and last candle. */
public record FeedHoldings(
    int days, long records, Optional<Instant> firstTs, Optional<Instant> lastTs) {
  public static final FeedHoldings NONE =
      new FeedHoldings(0, 0, Optional.empty(), Optional.empty());

  /** What {@code entries}, all of one feed, add up to. */
  static FeedHoldings of(Collection<IndexEntry> entries) {
    FeedHoldings total = NONE;
    for (IndexEntry e : entries) {
      total = total.plus(of(e));
    }
    return total;
  }

  private static FeedHoldings of(IndexEntry e) {
    return new FeedHoldings(1, e.records(), instant(e.firstTs()), instant(e.lastTs()));
  }

  private FeedHoldings plus(FeedHoldings o) {
    return new FeedHoldings(
        days + o.days,
        records + o.records,
        pick(firstTs, o.firstTs, true),
        pick(lastTs, o.lastTs, false));
  }

  private static Optional<Instant> pick(Optional<Instant> a, Optional<Instant> b, boolean min) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isPresent() ? a : b;
    }
    boolean aFirst = a.get().isBefore(b.get());
    return (aFirst == min) ? a : b;
  }

  private static Optional<Instant> instant(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (RuntimeException e) {
      try {
        return Optional.of(java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC));
      } catch (RuntimeException e2) {
        return Optional.empty();
      }
    }
  }
}
