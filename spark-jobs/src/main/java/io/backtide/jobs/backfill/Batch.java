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

  void clear() {
    rows.clear();
  }
}
