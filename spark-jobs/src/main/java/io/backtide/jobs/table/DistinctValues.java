package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import io.backtide.jobs.provider.SourceRow;
import java.util.List;
import org.apache.parquet.column.ParquetProperties;

/**
 * Whether parquet-mr's dictionary for a column of a day's rows is wasted work: true when no value
 * repeats among the rows of the column's first page. Its dictionary writer decides at the first
 * page, once for the whole column chunk, and gives up when the dictionary is no smaller than the
 * plain values, which is always so when no value repeats (the dictionary alone is the plain
 * values); it then writes exactly the bytes of the plain writer, after hashing every value into a
 * map and encoding them twice. A first page holds at most {@link #FIRST_PAGE_ROWS} rows (parquet-mr
 * writes a page at that many rows at the latest), so only those are looked at. Answered with an
 * open-addressing table of row indexes (no boxing; one pass that stops at the first repeat).
 *
 * <p>Doubles are equal here when their {@link Double#doubleToLongBits} are, as in parquet-mr's
 * dictionary map.
 */
final class DistinctValues {
  /** parquet-mr's page row limit, which the day files' writers keep. */
  static final int FIRST_PAGE_ROWS = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;

  private DistinctValues() {}

  /**
   * True when no two of the first {@link #FIRST_PAGE_ROWS} rows hold the same value of {@code
   * column} (not one of the feed columns).
   */
  static boolean in(List<SourceRow> all, CandleColumn column) {
    List<SourceRow> rows = all.subList(0, Math.min(all.size(), FIRST_PAGE_ROWS));
    return switch (column) {
      case TS_EVENT -> increasing(rows);
      case OPEN, HIGH, LOW, CLOSE, VOLUME -> distinctDoubles(rows, column);
      case META -> distinctMeta(rows);
      default -> false;
    };
  }

  /** Strictly increasing times are distinct; otherwise they are checked one by one. */
  private static boolean increasing(List<SourceRow> rows) {
    for (int i = 1; i < rows.size(); i++) {
      if (!rows.get(i).candle().tsEvent().isAfter(rows.get(i - 1).candle().tsEvent())) {
        long[] keys = new long[rows.size()];
        for (int j = 0; j < keys.length; j++) {
          keys[j] = rows.get(j).candle().tsEventMicros();
        }
        return distinct(keys);
      }
    }
    return true;
  }

  private static boolean distinctDoubles(List<SourceRow> rows, CandleColumn column) {
    long[] keys = new long[rows.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = Double.doubleToLongBits(column.value(rows.get(i).candle()));
    }
    return distinct(keys);
  }

  /** True when no two of {@code keys} are equal. */
  static boolean distinct(long[] keys) {
    int[] slots = new int[tableSize(keys.length)];
    int mask = slots.length - 1;
    for (int i = 0; i < keys.length; i++) {
      long k = keys[i];
      int slot = mix(k ^ (k >>> 32)) & mask;
      while (slots[slot] != 0) {
        if (keys[slots[slot] - 1] == k) {
          return false;
        }
        slot = (slot + 1) & mask;
      }
      slots[slot] = i + 1;
    }
    return true;
  }

  /** Compares hash codes first (a String caches its own), the text only when they are equal. */
  private static boolean distinctMeta(List<SourceRow> rows) {
    int n = rows.size();
    int[] hashes = new int[n];
    int[] slots = new int[tableSize(n)];
    int mask = slots.length - 1;
    for (int i = 0; i < n; i++) {
      String meta = rows.get(i).meta();
      int h = meta.hashCode();
      hashes[i] = h;
      int slot = mix(h) & mask;
      while (slots[slot] != 0) {
        int other = slots[slot] - 1;
        if (hashes[other] == h && rows.get(other).meta().equals(meta)) {
          return false;
        }
        slot = (slot + 1) & mask;
      }
      slots[slot] = i + 1;
    }
    return true;
  }

  /** A power of two at least twice {@code n}: probes stay short. */
  private static int tableSize(int n) {
    return Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
  }

  private static int mix(long h) {
    int x = (int) h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }
}
