package io.backtide.jobs.backfill;

import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.table.TableRows;
import io.backtide.jobstore.BackfillJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what the fetcher has fetched, for the job row (shown at once, then paced by the recorder),
 * and notes each day fetched to its end in this run, with its rows, on the batch that finished it:
 * the commit confirms those days so that a later backfill skips them. A day whose end is less than
 * {@link #SETTLE} ago is not confirmed (the exchange may still add to it), nor one this run began
 * in the middle of.
 */
final class DayTally {
  static final Duration SETTLE = Duration.ofHours(1);

  private final JobActivityRecorder recorder;
  private final Clock clock;
  private final Instant end;
  private final Map<LocalDate, Long> counts = new HashMap<>();
  private long rows;
  private Instant nextDay;

  DayTally(BackfillJob job, Instant origin, JobActivityRecorder recorder, Clock clock) {
    this.recorder = recorder;
    this.clock = clock;
    this.end = job.range().end();
    this.rows = job.recordsWritten();
    this.nextDay = ceilDay(origin);
  }

  /** A page's kept rows went into {@code batch}; the fetcher now stands at {@code at}. */
  synchronized void page(Batch batch, List<SourceRow> kept, Instant at, long pages) {
    rows += kept.size();
    count(kept);
    Instant settled = clock.instant().minus(SETTLE);
    while (!nextDay.plus(1, ChronoUnit.DAYS).isAfter(at)) {
      LocalDate day = LocalDate.ofInstant(nextDay, ZoneOffset.UTC);
      long dayRows = counts.getOrDefault(day, 0L);
      counts.remove(day);
      if (!nextDay.plus(1, ChronoUnit.DAYS).isAfter(settled)) {
        batch.finished(day, dayRows);
      }
      nextDay = nextDay.plus(1, ChronoUnit.DAYS);
    }
    // the last page is always shown: the job row must not end on an older, paced figure
    recorder.fetched(pages, rows, at, !at.isBefore(end));
  }

  /**
   * Adds the rows to their days' counts, a run of rows in the same day at a time (a page is in time
   * order: one map update per day, not per row).
   */
  private void count(List<SourceRow> kept) {
    LocalDate day = null;
    Instant start = Instant.MAX;
    Instant end = Instant.MIN;
    long run = 0;
    for (SourceRow row : kept) {
      Instant ts = row.candle().tsEvent();
      if (ts.isBefore(start) || !ts.isBefore(end)) {
        if (run > 0) {
          counts.merge(day, run, Long::sum);
        }
        day = TableRows.day(ts);
        start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        end = start.plus(1, ChronoUnit.DAYS);
        run = 0;
      }
      run++;
    }
    if (run > 0) {
      counts.merge(day, run, Long::sum);
    }
  }

  /** The fetcher skipped held days up to {@code to}. */
  synchronized void skipped(Instant to) {
    Instant next = ceilDay(to);
    if (next.isAfter(nextDay)) {
      nextDay = next;
    }
    counts.keySet().removeIf(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(to));
  }

  void committing(boolean now) {
    recorder.committing(now);
  }

  private static Instant ceilDay(Instant t) {
    Instant day = t.truncatedTo(ChronoUnit.DAYS);
    return day.equals(t) ? day : day.plus(1, ChronoUnit.DAYS);
  }
}
