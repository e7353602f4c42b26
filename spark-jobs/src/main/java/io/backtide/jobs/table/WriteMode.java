package io.backtide.jobs.table;

import java.util.Locale;

/**
 * How a batch goes into the Delta table. Both give the same table (incoming rows win, one file per
 * touched day); {@code bench/backfill.sh} measures which is faster.
 */
public enum WriteMode {
  /**
   * Existing rows of the touched days minus the incoming keys, plus the incoming rows, written over
   * exactly those days with {@code replaceWhere}: one plain write, one file per day.
   */
  REBUILD,
  /** {@code DeltaTable.merge} on the partition columns + ts_event, then compaction of the days. */
  MERGE;

  public static WriteMode parse(String text) {
    for (WriteMode m : values()) {
      if (m.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown write mode '" + text + "': expected rebuild or merge");
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
