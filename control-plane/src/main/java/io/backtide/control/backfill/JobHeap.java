package io.backtide.control.backfill;

import java.util.List;
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

  /**
   * The heap options for a job of {@code feed}: {@code -Xmx} ({@link #option}) and a young
   * generation of at least half of it ({@code -XX:NewSize}). A job's rows live from their page's
   * parse until their day is written, a second or two, so G1's own young sizing (as little as 5% of
   * the heap, to keep its pauses short) collects them several times on the way and copies them on
   * each: with half the heap young, fewer collections copy fewer rows. Old-generation room stays
   * well above what a job keeps (its driver state and at most two batches, {@link
   * #BYTES_PER_BATCH_ROW}). Alternated on a 30-day 1s job from the archive (bench/archive.sh,
   * warm-up first, three pairs): 467,000 / 454,000 / 455,000 candles/s against 417,000 / 452,000 /
   * 422,000 with G1's own sizing, and 14.0-14.3 s of job CPU against 14.2-15.3 s.
   */
  public static List<String> options(ConfiguredFeed feed) {
    return List.of(option(feed), "-XX:NewSize=" + mib(feed) / 2 + "m");
  }

  /** The {@code -Xmx} option for a job of {@code feed}. */
  public static String option(ConfiguredFeed feed) {
    return "-Xmx" + feed.jobHeap().orElseGet(() -> defaultMib(feed) + "m");
  }

  /** The heap of a job of {@code feed}, in MiB. */
  static long mib(ConfiguredFeed feed) {
    return feed.jobHeap().map(JobHeap::mebibytes).orElseGet(() -> defaultMib(feed));
  }

  /** A {@link #valid} heap size in MiB: {@code 1536m} is 1536, {@code 2g} 2048. */
  static long mebibytes(String size) {
    long n = Long.parseLong(size.substring(0, size.length() - 1));
    return Character.toLowerCase(size.charAt(size.length() - 1)) == 'g' ? n * 1024 : n;
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
