package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.jobs.provider.SourceRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The paging rule of both loops (the single-feed {@link Backfill} and bulk mode's chunks): a page
 * asked from {@code cursor} keeps its rows in {@code [cursor, end)}; an empty page, or one whose
 * rows all lie at or after the end, ends the range; a page whose rows all lie before the cursor
 * means the provider ignores the cursor, and fails loudly rather than loop.
 */
public final class Paging {
  private Paging() {}

  /**
   * One trimmed page: the rows kept and the next cursor, or {@link #DONE} when the range holds
   * nothing more.
   */
  public record Page(List<SourceRow> rows, Instant next, boolean done) {
    public static final Page DONE = new Page(List.of(), null, true);
  }

  /**
   * Trims {@code rows}, fetched for {@code feed} from {@code cursor} up to {@code end}.
   *
   * @throws BackfillException when the page does not move the cursor
   */
  public static Page trim(FeedKey feed, List<SourceRow> rows, Instant cursor, Instant end) {
    if (rows.isEmpty()) {
      return Page.DONE;
    }
    List<SourceRow> kept = new ArrayList<>(rows.size());
    Instant last = null;
    boolean beyondEnd = false;
    for (SourceRow row : rows) {
      Instant ts = row.candle().tsEvent();
      beyondEnd |= !ts.isBefore(end);
      if (!ts.isBefore(cursor) && ts.isBefore(end)) {
        kept.add(row);
        last = last == null || ts.isAfter(last) ? ts : last;
      }
    }
    if (last == null) {
      if (beyondEnd) {
        return Page.DONE;
      }
      throw BackfillErrors.stuck(
          cursor, rows.get(0).candle().tsEvent(), rows.get(rows.size() - 1).candle().tsEvent());
    }
    return new Page(kept, next(feed, last), false);
  }

  /** Next cursor: after the last bar; for ticks, the next millisecond (the providers' unit). */
  public static Instant next(FeedKey feed, Instant last) {
    return feed.kind() == FeedKind.TICK
        ? last.truncatedTo(ChronoUnit.MILLIS).plusMillis(1)
        : last.plus(feed.granularity().duration());
  }

  /** The first UTC midnight after {@code at}. */
  static Instant nextMidnight(Instant at) {
    return at.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
  }
}
