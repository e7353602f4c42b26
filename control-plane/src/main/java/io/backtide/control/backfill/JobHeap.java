package io.backtide.control.backfill;

import java.util.regex.Pattern;

/**
 * The heap of a backfill job's JVM ({@code -Xmx}): the feed's {@code job_heap} option, else sized
 * from the feed's batch bound. Without one the JVM takes a quarter of the machine's memory and a
 * long job grows into it (6 GB RSS on a 24 GB machine for 335 days of 1s) although a GC cycle frees
 * most of it.
 */
public final class JobHeap {
  /** Spark's local driver, the Delta log and the job's own objects, before any batch. */
  static final long BASE_MIB = 768;

  /**
   * Heap per row of {@code batch_rows}: a batch may reach twice {@code batch_rows} (a day bigger
   * than a batch commits mid-day) while the next one is being fetched, ~1 KiB per fetched row with
   * its share of the day file's write buffers.
   */
  static final long BYTES_PER_BATCH_ROW = 4 * 1024;

  /** The job's own default {@code batch_rows} (RunSettings.DEFAULT_BATCH_ROWS in spark-jobs). */
  static final int DEFAULT_BATCH_ROWS = 86_400;

  private static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,6}[mMgG]");

  private JobHeap() {}

  /** The {@code -Xmx} option for a job of {@code feed}. */
  public static String option(ConfiguredFeed feed) {
    return "-Xmx" + feed.jobHeap().orElseGet(() -> defaultMib(feed) + "m");
  }

  /** {@link #BASE_MIB} plus the batch's share, rounded up to 64 MiB. */
  static long defaultMib(ConfiguredFeed feed) {
    long rows = feed.batchRows().orElse(DEFAULT_BATCH_ROWS);
    long mib = BASE_MIB + (rows * BYTES_PER_BATCH_ROW + (1 << 20) - 1) / (1 << 20);
    return (mib + 63) / 64 * 64;
  }

  /** Whether {@code text} is a heap size the JVM takes, e.g. {@code 1536m} or {@code 2g}. */
  static boolean valid(String text) {
    return SIZE.matcher(text).matches();
  }
}
