package io.backtide.control.backfill;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.core.Gap;
import io.backtide.core.IndexEntry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a feed holds in {@code [start, end)} (UTC days, end exclusive): per day the expected candles
 * (from the granularity; none for ticks) and the present ones (from the index), and the missing
 * candles as merged runs across days. A gap is {@code confirmed} when the provider was asked and
 * returned nothing; a day with no published file is a gap that was never fetched.
 */
public record GapReport(
    @JsonProperty("feed") String feed,
    @JsonProperty("start") String start,
    @JsonProperty("end") String end,
    @JsonProperty("expected") Long expected,
    @JsonProperty("present") long present,
    @JsonProperty("days") List<Day> days,
    @JsonProperty("gaps") List<Gap> gaps) {

  /**
   * One UTC day of the range. {@code unlocated}: missing candles the index does not place (a day
   * published before gaps were recorded), so {@code gaps} cannot list them.
   */
  public record Day(
      @JsonProperty("date") String date,
      @JsonProperty("expected") Long expected,
      @JsonProperty("present") long present,
      @JsonProperty("published") boolean published,
      @JsonProperty("origin") String origin,
      @JsonProperty("unlocated") long unlocated) {}

  static GapReport of(FeedKey feed, LocalDate start, LocalDate end, List<IndexEntry> entries) {
    String prefix = feed + "/";
    Map<String, IndexEntry> byDate =
        entries.stream()
            .filter(e -> e.path().startsWith(prefix))
            .collect(Collectors.toMap(IndexEntry::date, Function.identity(), (a, b) -> b));
    boolean candles = feed.kind() == FeedKind.CANDLE;
    Long perDay = candles ? feed.granularity().barsPerDay() : null;
    List<Day> days = new ArrayList<>();
    List<Gap> gaps = new ArrayList<>();
    long present = 0;
    for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
      IndexEntry e = byDate.get(d.toString());
      long records = e == null ? 0 : e.records();
      present += records;
      List<Gap> dayGaps =
          !candles ? List.of() : e != null ? e.gaps() : List.of(wholeDay(d, perDay));
      long located = dayGaps.stream().mapToLong(Gap::candles).sum();
      long unlocated = candles ? Math.max(0, perDay - records - located) : 0;
      days.add(
          new Day(
              d.toString(), perDay, records, e != null, e == null ? null : e.origin(), unlocated));
      dayGaps.forEach(g -> append(gaps, g));
    }
    Long expected = candles ? perDay * days.size() : null;
    return new GapReport(
        feed.toString(), start.toString(), end.toString(), expected, present, days, gaps);
  }

  private static Gap wholeDay(LocalDate day, long candles) {
    return Gap.of(
        day.atStartOfDay(ZoneOffset.UTC).toInstant(),
        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        candles,
        false);
  }

  private static void append(List<Gap> gaps, Gap next) {
    if (!gaps.isEmpty()) {
      var joined = gaps.get(gaps.size() - 1).joinedWith(next);
      if (joined.isPresent()) {
        gaps.set(gaps.size() - 1, joined.get());
        return;
      }
    }
    gaps.add(next);
  }
}
