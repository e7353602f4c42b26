package io.backtide.backtest.internal;

import io.backtide.backtest.CandleWindow;
import java.util.Arrays;

/**
 * All candles of a run in column arrays, sorted by time: loaded once, then viewed by {@link
 * CandleWindow}s without copying.
 */
public final class CandleColumns {

  final long[] ts;
  final double[] open;
  final double[] high;
  final double[] low;
  final double[] close;
  final double[] volume;
  private int size;

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

    /** Trimmed columns, sorted by time if the rows came out of order. */
    public CandleColumns build() {
      CandleColumns out = c.copy(c.size);
      return out.isSorted() ? out : out.sorted();
    }
  }

  public static Builder builder() {
    return new Builder();
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

  private boolean isSorted() {
    for (int i = 1; i < size; i++) {
      if (ts[i] < ts[i - 1]) {
        return false;
      }
    }
    return true;
  }

  private CandleColumns sorted() {
    Integer[] order = new Integer[size];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));
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
