package io.backtide.backtest.internal;

import io.backtide.backtest.CandleWindow;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * All candles of a run in column arrays, sorted by time: loaded once, then viewed by {@link
 * CandleWindow}s without copying. Serializable: a sweep broadcasts one copy to every executor.
 */
public final class CandleColumns implements Serializable {

  private static final long serialVersionUID = 1L;

  final long[] ts;
  final double[] open;
  final double[] high;
  final double[] low;
  final double[] close;
  final double[] volume;
  private int size;

  private static final int ROW_BYTES = Long.BYTES + 5 * Double.BYTES;

  private CandleColumns(int capacity) {
    ts = new long[capacity];
    open = new double[capacity];
    high = new double[capacity];
    low = new double[capacity];
    close = new double[capacity];
    volume = new double[capacity];
  }

  /** Growable builder for columns of unknown length. */
  public static final class Builder {
    private CandleColumns c = new CandleColumns(1024);

    public Builder add(long tsMicros, double o, double h, double l, double cl, double v) {
      if (c.size == c.ts.length) {
        c = c.copy(c.ts.length * 2);
      }
      int i = c.size++;
      c.ts[i] = tsMicros;
      c.open[i] = o;
      c.high[i] = h;
      c.low[i] = l;
      c.close[i] = cl;
      c.volume[i] = v;
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

  public static Builder builder() {
    return new Builder();
  }

  /**
   * These columns as one compact block: the row count, then each column's values in bulk. What a
   * Spark partition sends to the driver instead of one {@code Row} per candle.
   */
  public byte[] toBlock() {
    ByteBuffer b =
        ByteBuffer.allocate(Integer.BYTES + size * ROW_BYTES).order(ByteOrder.nativeOrder());
    b.putInt(size);
    b.asLongBuffer().put(ts, 0, size);
    int at = Integer.BYTES + size * Long.BYTES;
    for (double[] column : new double[][] {open, high, low, close, volume}) {
      b.position(at);
      b.asDoubleBuffer().put(column, 0, size);
      at += size * Double.BYTES;
    }
    return b.array();
  }

  /**
   * The candles of {@code blocks} (each in time order, from {@link #toBlock()}) after the last
   * {@code keep} candles of {@code previous} (the window carried across chunks; null for none), in
   * time order. Blocks that do not overlap are copied once in order; overlapping ones (files whose
   * days overlap) get a full sort.
   *
   * @throws IllegalStateException when a block starts before the carried candles end
   */
  public static CandleColumns fromBlocks(CandleColumns previous, int keep, List<byte[]> blocks) {
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
        return fromBlocks(previous, keep, List.of(merged(sorted)));
      }
    }
    int tail = previous == null ? 0 : Math.min(keep, previous.size);
    CandleColumns c = new CandleColumns(tail + total);
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
    block.position(Integer.BYTES);
    block.asLongBuffer().get(ts, size, n);
    int at = Integer.BYTES + n * Long.BYTES;
    for (double[] column : new double[][] {open, high, low, close, volume}) {
      block.position(at);
      block.asDoubleBuffer().get(column, size, n);
      at += n * Double.BYTES;
    }
    size += n;
  }

  /** All rows of {@code blocks} as one block in time order (the full-sort path). */
  private static byte[] merged(List<ByteBuffer> blocks) {
    CandleColumns all = new CandleColumns(0);
    for (ByteBuffer b : blocks) {
      CandleColumns part = new CandleColumns(b.getInt(0));
      part.append(b);
      int at = all.size;
      all = all.copy(at + part.size);
      all.copyFrom(part, 0, at, part.size);
      all.size = at + part.size;
    }
    return all.ordered().toBlock();
  }

  private static long firstTs(ByteBuffer block) {
    return block.getLong(Integer.BYTES);
  }

  private static long lastTs(ByteBuffer block) {
    return block.getLong(Integer.BYTES + (block.getInt(0) - 1) * Long.BYTES);
  }

  private void copyFrom(CandleColumns from, int at, int to, int n) {
    System.arraycopy(from.ts, at, ts, to, n);
    System.arraycopy(from.open, at, open, to, n);
    System.arraycopy(from.high, at, high, to, n);
    System.arraycopy(from.low, at, low, to, n);
    System.arraycopy(from.close, at, close, to, n);
    System.arraycopy(from.volume, at, volume, to, n);
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

  /** A view of {@code count} rows starting at {@code from}. */
  public CandleWindow window(int from, int count) {
    return new CandleWindow(ts, open, high, low, close, volume, from, count);
  }

  private CandleColumns copy(int capacity) {
    CandleColumns n = new CandleColumns(capacity);
    int k = Math.min(size, capacity);
    System.arraycopy(ts, 0, n.ts, 0, k);
    System.arraycopy(open, 0, n.open, 0, k);
    System.arraycopy(high, 0, n.high, 0, k);
    System.arraycopy(low, 0, n.low, 0, k);
    System.arraycopy(close, 0, n.close, 0, k);
    System.arraycopy(volume, 0, n.volume, 0, k);
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
    CandleColumns n = new CandleColumns(size);
    for (int k = 0; k < size; k++) {
      int i = order[k];
      n.ts[k] = ts[i];
      n.open[k] = open[i];
      n.high[k] = high[i];
      n.low[k] = low[i];
      n.close[k] = close[i];
      n.volume[k] = volume[i];
    }
    n.size = size;
    return n;
  }
}
