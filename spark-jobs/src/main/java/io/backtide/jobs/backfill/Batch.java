package io.backtide.jobs.backfill;

import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.table.TableRows;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Fetched rows waiting for the next commit, keyed by {@code ts_event}: a candle fetched again
 * replaces the earlier copy (last fetched wins), so a batch never holds duplicates.
 */
final class Batch {
  private final TreeMap<Long, SourceRow> rows = new TreeMap<>();
  private final SortedMap<LocalDate, Long> finished = new TreeMap<>();
  private int skippedDays;

  void addAll(Collection<SourceRow> page) {
    for (SourceRow row : page) {
      rows.put(row.candle().tsEventMicros(), row);
    }
  }

  int size() {
    return rows.size();
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The distinct rows in time order. */
  Collection<SourceRow> rows() {
    return rows.values();
  }

  /** The distinct rows per day, each day in time order (the order the table reads back in). */
  SortedMap<LocalDate, List<SourceRow>> byDay() {
    SortedMap<LocalDate, List<SourceRow>> days = new TreeMap<>();
    for (SourceRow row : rows.values()) {
      days.computeIfAbsent(TableRows.day(row.candle().tsEvent()), d -> new ArrayList<>()).add(row);
    }
    return days;
  }

  /** Whole days skipped before or among these rows: the store held them complete. */
  int skippedDays() {
    return skippedDays;
  }

  void skipped(int days) {
    skippedDays += days;
  }

  /** Days fetched to their end (the provider had nothing more), with their rows: confirmations. */
  SortedMap<LocalDate, Long> finishedDays() {
    return finished;
  }

  void finished(LocalDate day, long dayRows) {
    finished.put(day, dayRows);
  }

  /** Takes over the rows, skipped days and finished days of {@code next}, the batch after this. */
  void append(Batch next) {
    addAll(next.rows());
    skippedDays += next.skippedDays;
    finished.putAll(next.finished);
  }

  void clear() {
    rows.clear();
    skippedDays = 0;
    finished.clear();
  }
}
