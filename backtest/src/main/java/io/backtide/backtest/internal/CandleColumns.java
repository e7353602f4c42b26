package io.backtide.backtest.internal;

import io.backtide.backtest.CandleWindow;
import io.backtide.core.Micros;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * All candles of a run in column arrays, sorted by time: loaded once, then viewed by {@link
 * CandleWindow}s without copying. Besides the time and the five values, a run may carry extra
 * columns (fields of {@code meta} the runner was asked to load), one {@code double[]} each, kept in
 * step with the rest. Serializable: a sweep broadcasts one copy to every executor.
 */
public final class CandleColumns implements Serializable {

  private static final long serialVersionUID = 2L;

  /** Bytes in front of a block: the row count and the number of extra columns. */
  private static final int HEADER = 2 * Integer.BYTES;

  private static final int BASE_VALUES = 5;

  final long[] ts;

  /** open, high, low, close, volume, then the extra columns in {@link #extraNames} order. */
  final double[][] values;

  /** {@code values[3]}: the closes, which the replay reads directly. */
  final double[] close;

  private final String[] extraNames;

  /** The extra columns of {@link #values} (the same arrays), as the windows take them. */
  private final double[][] extras;

  private int size;

  /** A window over all of the arrays, which {@link #window} slices (made on first use). */
  private transient CandleWindow whole;

  private CandleColumns(int capacity, String[] extraNames) {
    this.extraNames = extraNames;
    ts = new long[capacity];
    values = new double[BASE_VALUES + extraNames.length][capacity];
    extras = Arrays.copyOfRange(values, BASE_VALUES, values.length);
    close = values[3];
  }

  /** Growable builder for columns of unknown length. */
  public static final class Builder {
    private CandleColumns c;

    private Builder(String[] extraNames) {
      c = new CandleColumns(1024, extraNames);
    }

    public Builder add(long tsMicros, double o, double h, double l, double cl, double v) {
      if (c.size == c.ts.length) {
        c = c.copy(c.ts.length * 2);
      }
      int i = c.size++;
      c.ts[i] = tsMicros;
      c.values[0][i] = o;
      c.values[1][i] = h;
      c.values[2][i] = l;
      c.values[3][i] = cl;
      c.values[4][i] = v;
      return this;
    }

    /** Sets extra column {@code k} of the row added last. */
    public Builder extra(int k, double value) {
      c.values[BASE_VALUES + k][c.size - 1] = value;
      return this;
    }

    /**
     * Trimmed columns in time order. Spark returns each file's rows in order but the files in any
     * order, so sorted runs that do not overlap are put in order in O(n); anything else gets a full
     * sort.
     */
    public CandleColumns build() {
      return c.ordered();
    }
  }

  /** A builder of the time and the five values only. */
  public static Builder builder() {
    return builder(List.of());
  }

  /** A builder that also keeps the extra columns named {@code extraNames}, in that order. */
  public static Builder builder(List<String> extraNames) {
    return new Builder(extraNames.toArray(String[]::new));
  }

  /**
   * These columns as one compact block: the row count and the number of extra columns, then each
   * column's values in bulk. What a Spark partition sends to the driver instead of one {@code Row}
   * per candle.
   */
  public byte[] toBlock() {
    return toBlock(ts, values, 0, size, extraNames.length);
  }

  /** Rows {@code [from, to)} of {@code ts} and {@code values} as one exactly sized block. */
  static byte[] toBlock(long[] ts, double[][] values, int from, int to, int extras) {
    int size = to - from;
    int bytes = HEADER + size * (Long.BYTES + values.length * Double.BYTES);
    ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
    b.putInt(size).putInt(extras);
    b.asLongBuffer().put(ts, from, size);
    int at = HEADER + size * Long.BYTES;
    for (double[] column : values) {
      b.position(at);
      b.asDoubleBuffer().put(column, from, size);
      at += size * Double.BYTES;
    }
    return b.array();
  }

  /** As {@link #fromBlocks(CandleColumns, int, List, List)} without extra columns. */
  public static CandleColumns fromBlocks(CandleColumns previous, int keep, List<byte[]> blocks) {
    return fromBlocks(previous, keep, blocks, List.of());
  }

  /**
   * The candles of {@code blocks} (each in time order, from {@link #toBlock()}, with the extra
   * columns {@code extraNames}) after the last {@code keep} candles of {@code previous} (the window
   * carried across chunks; null for none), in time order. Blocks that do not overlap are copied
   * once in order; overlapping ones (files whose days overlap) get a full sort.
   *
   * @throws IllegalStateException when a block starts before the carried candles end
   */
  public static CandleColumns fromBlocks(
      CandleColumns previous, int keep, List<byte[]> blocks, List<String> extraNames) {
    String[] names = extraNames.toArray(String[]::new);
    List<ByteBuffer> sorted = new ArrayList<>();
    int total = 0;
    for (byte[] block : blocks) {
      ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.nativeOrder());
      if (b.getInt(0) > 0) {
        sorted.add(b);
        total += b.getInt(0);
      }
    }
    sorted.sort(Comparator.comparingLong(CandleColumns::firstTs));
    for (int k = 1; k < sorted.size(); k++) {
      if (firstTs(sorted.get(k)) < lastTs(sorted.get(k - 1))) {
        return fromBlocks(previous, keep, List.of(merged(sorted, names)), extraNames);
      }
    }
    int tail = previous == null ? 0 : Math.min(keep, previous.size);
    CandleColumns c = new CandleColumns(tail + total, names);
    if (tail > 0) {
      c.copyFrom(previous, previous.size - tail, 0, tail);
      if (!sorted.isEmpty() && firstTs(sorted.get(0)) < previous.ts[previous.size - 1]) {
        throw new IllegalStateException(
            "candles at "
                + Micros.toInstant(firstTs(sorted.get(0)))
                + " come after candles up to "
                + Micros.toInstant(previous.ts[previous.size - 1])
                + ": a day file holds candles of another day");
      }
    }
    c.size = tail;
    for (ByteBuffer b : sorted) {
      c.append(b);
    }
    return c;
  }

  private void append(ByteBuffer block) {
    int n = block.getInt(0);
    if (block.getInt(Integer.BYTES) != extraNames.length) {
      throw new IllegalStateException(
          "a block with "
              + block.getInt(Integer.BYTES)
              + " extra column(s), expected "
              + extraNames.length);
    }
    block.position(HEADER);
    block.asLongBuffer().get(ts, size, n);
    int at = HEADER + n * Long.BYTES;
    for (double[] column : values) {
      block.position(at);
      block.asDoubleBuffer().get(column, size, n);
      at += n * Double.BYTES;
    }
    size += n;
  }

  /** All rows of {@code blocks} as one block in time order (the full-sort path). */
  private static byte[] merged(List<ByteBuffer> blocks, String[] names) {
    CandleColumns all = new CandleColumns(0, names);
    for (ByteBuffer b : blocks) {
      CandleColumns part = new CandleColumns(b.getInt(0), names);
      part.append(b);
      int at = all.size;
      all = all.copy(at + part.size);
      all.copyFrom(part, 0, at, part.size);
      all.size = at + part.size;
    }
    return all.ordered().toBlock();
  }

  private static long firstTs(ByteBuffer block) {
    return block.getLong(HEADER);
  }

  private static long lastTs(ByteBuffer block) {
    return block.getLong(HEADER + (block.getInt(0) - 1) * Long.BYTES);
  }

  private void copyFrom(CandleColumns from, int at, int to, int n) {
    System.arraycopy(from.ts, at, ts, to, n);
    for (int k = 0; k < values.length; k++) {
      System.arraycopy(from.values[k], at, values[k], to, n);
    }
  }

  public int size() {
    return size;
  }

  public long tsMicros(int i) {
    return ts[i];
  }

  public double close(int i) {
    return close[i];
  }

  /** The names of the extra columns, in order. */
  public List<String> extraNames() {
    return List.of(extraNames);
  }

  /** A view of {@code count} rows starting at {@code from}. */
  public CandleWindow window(int from, int count) {
    CandleWindow all = whole;
    if (all == null) {
      double[][] v = values;
      all = new CandleWindow(ts, v[0], v[1], v[2], v[3], v[4], extraNames, extras, 0, ts.length);
      whole = all;
    }
    return all.slice(from, count);
  }

  private CandleColumns copy(int capacity) {
    CandleColumns n = new CandleColumns(capacity, extraNames);
    int k = Math.min(size, capacity);
    n.copyFrom(this, 0, 0, k);
    n.size = k;
    return n;
  }

  private CandleColumns ordered() {
    List<int[]> runs = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= size; i++) {
      if (i == size || ts[i] < ts[i - 1]) {
        runs.add(new int[] {start, i});
        start = i;
      }
    }
    runs.sort(Comparator.comparingLong(r -> ts[r[0]]));
    for (int k = 1; k < runs.size(); k++) {
      if (ts[runs.get(k)[0]] < ts[runs.get(k - 1)[1] - 1]) {
        return permuted(fullSortOrder());
      }
    }
    int[] order = new int[size];
    int k = 0;
    for (int[] run : runs) {
      for (int i = run[0]; i < run[1]; i++) {
        order[k++] = i;
      }
    }
    return runs.size() <= 1 ? copy(size) : permuted(order);
  }

  private int[] fullSortOrder() {
    Integer[] boxed = new Integer[size];
    Arrays.setAll(boxed, i -> i);
    Arrays.sort(boxed, (a, b) -> Long.compare(ts[a], ts[b]));
    return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
  }

  private CandleColumns permuted(int[] order) {
    CandleColumns n = new CandleColumns(size, extraNames);
    for (int k = 0; k < size; k++) {
      n.ts[k] = ts[order[k]];
    }
    for (int c = 0; c < values.length; c++) {
      for (int k = 0; k < size; k++) {
        n.values[c][k] = values[c][order[k]];
      }
    }
    n.size = size;
    return n;
  }
}
