package io.backtide.backtest.internal;

import java.util.Arrays;

/**
 * Spearman ranks by a stable radix sort of the indices on an order-preserving 64-bit key of each
 * value: linear in the series, no comparison sort and no search per value. On a year of predictions
 * (525,600) this takes a fraction of sorting a copy and binary-searching each value, and its simple
 * loops need no warmed-up sort code in a fresh JVM.
 */
final class Ranks {

  /** Series shorter than this are insertion-sorted (a radix pass costs 65,536 counters). */
  static final int SMALL = 512;

  private static final int BITS = 16;
  private static final int DIGITS = 1 << BITS;
  private static final long NAN_KEY = -1L; // the largest unsigned key

  /** Scratch arrays, grown to the longest series ranked with this instance. */
  private long[] keys = new long[0];

  private int[] order = new int[0];
  private long[] keysTo = new long[0];
  private int[] orderTo = new int[0];

  /**
   * Ranks starting at 1, ties ({@code ==}, so -0.0 ties 0.0) sharing the average of their ranks;
   * each NaN ranks after every number, in index order.
   */
  static double[] of(double[] x) {
    double[] ranks = new double[x.length];
    new Ranks().rank(x, 0, x.length, ranks);
    return ranks;
  }

  /**
   * As {@link #of}, for {@code x[from, from + n)}, into {@code ranks[0, n)}: the scratch arrays of
   * this instance are reused from call to call (the IC Sharpe ranks tens of thousands of chunks).
   */
  void rank(double[] x, int from, int n, double[] ranks) {
    if (keys.length < n) {
      keys = new long[n];
      order = new int[n];
    }
    for (int i = 0; i < n; i++) {
      keys[i] = key(x[from + i]);
      order[i] = i;
    }
    if (n < SMALL) {
      insertionSort(keys, order, n);
    } else {
      radixSort(n);
    }
    for (int i = 0; i < n; ) {
      int j = i; // NaN != NaN: each NaN its own rank, in index order (the sorts are stable)
      while (keys[i] != NAN_KEY && j + 1 < n && keys[j + 1] == keys[i]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
  }

  /** Unsigned order of the keys = numeric order of the values; -0.0 as 0.0, NaN after all. */
  static long key(double v) {
    if (Double.isNaN(v)) {
      return NAN_KEY;
    }
    long bits = Double.doubleToRawLongBits(v == 0.0 ? 0.0 : v);
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  /** Sorts {@code keys[0, n)} (unsigned) and {@code order} with them, stably, for short series. */
  private static void insertionSort(long[] keys, int[] order, int n) {
    for (int i = 1; i < n; i++) {
      long k = keys[i];
      int o = order[i];
      int j = i - 1;
      for (; j >= 0 && Long.compareUnsigned(keys[j], k) > 0; j--) {
        keys[j + 1] = keys[j];
        order[j + 1] = order[j];
      }
      keys[j + 1] = k;
      order[j + 1] = o;
    }
  }

  /**
   * As {@link #insertionSort} for the first {@code n} keys of a long series: LSD radix, 16 bits a
   * pass.
   */
  private void radixSort(int n) {
    if (keysTo.length < n) {
      keysTo = new long[n];
      orderTo = new int[n];
    }
    int[] count = new int[DIGITS + 1];
    for (int shift = 0; shift < Long.SIZE; shift += BITS) {
      Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[digit(keys[i], shift) + 1]++;
      }
      if (count[digit(n == 0 ? 0 : keys[0], shift) + 1] == n) {
        continue; // every key has this digit: the pass would not move anything
      }
      for (int d = 0; d < DIGITS; d++) {
        count[d + 1] += count[d];
      }
      for (int i = 0; i < n; i++) {
        int at = count[digit(keys[i], shift)]++;
        keysTo[at] = keys[i];
        orderTo[at] = order[i];
      }
      System.arraycopy(keysTo, 0, keys, 0, n);
      System.arraycopy(orderTo, 0, order, 0, n);
    }
  }

  private static int digit(long key, int shift) {
    return (int) (key >>> shift) & (DIGITS - 1);
  }
}
