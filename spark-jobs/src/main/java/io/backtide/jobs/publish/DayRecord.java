package io.backtide.jobs.publish;

import io.backtide.core.DayGaps;
import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.core.Gap;
import io.backtide.core.IndexEntry;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.DayOrigin;
import io.backtide.jobs.provider.SourceRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Adds a published day's provenance ({@code origin}, {@code archive_sha256}) and, for candle feeds,
 * its missing candles ({@code gaps}) to its index entry. What an earlier run recorded for the day
 * is kept where this run did not fetch the whole day: its confirmed gaps stay confirmed and its
 * origin joins this run's ({@code mixed} when they differ). A gap is confirmed only where the
 * provider was asked about it ({@link DayNotes#confirming()}).
 */
final class DayRecord {
  private DayRecord() {}

  static IndexEntry of(
      IndexEntry entry,
      FeedKey feed,
      LocalDate day,
      List<SourceRow> rows,
      DayNotes notes,
      Optional<IndexEntry> previous) {
    Optional<DayOrigin> earlier =
        notes.wholeDayFetched(day) ? Optional.empty() : previous.flatMap(DayRecord::originOf);
    Optional<DayOrigin> origin =
        notes.origin().map(o -> earlier.map(e -> e.and(o)).orElse(o)).or(() -> earlier);
    IndexEntry out =
        origin
            .map(o -> entry.withOrigin(o.kind().code(), o.archiveSha256().orElse(null)))
            .orElse(entry);
    if (feed.kind() != FeedKind.CANDLE) {
      return out;
    }
    long[] present = new long[rows.size()];
    for (int i = 0; i < present.length; i++) {
      present[i] = rows.get(i).candle().tsEventMicros();
    }
    Arrays.sort(present);
    List<TimeRange> asked = new ArrayList<>(notes.confirming());
    previous.ifPresent(p -> asked.addAll(confirmed(p.gaps())));
    return out.withGaps(DayGaps.of(feed.granularity(), day, present, asked));
  }

  private static List<TimeRange> confirmed(List<Gap> gaps) {
    return gaps.stream()
        .filter(Gap::confirmed)
        .map(g -> new TimeRange(Instant.parse(g.start()), Instant.parse(g.end())))
        .toList();
  }

  private static Optional<DayOrigin> originOf(IndexEntry e) {
    if (e.origin() == null) {
      return Optional.empty();
    }
    DayOrigin.Kind kind = DayOrigin.Kind.of(e.origin());
    return Optional.of(new DayOrigin(kind, Optional.ofNullable(e.archiveSha256())));
  }
}
