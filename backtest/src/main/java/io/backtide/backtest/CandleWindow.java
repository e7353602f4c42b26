package io.backtide.backtest;

import io.backtide.backtest.internal.Micros;
import io.backtide.core.Candle;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;

/**
 * A read-only view of consecutive candles: the last {@code window} candles up to the current one.
 *
 * <p>The view reads straight from the column arrays that the runner loaded once per run, so
 * creating one costs no copying. Index {@code 0} is the oldest candle in the window and {@code
 * size() - 1} the newest (the candle the tick is about). Near the start of the data the window
 * holds fewer than {@code window} candles.
 *
 * <p>A view is only valid during the {@link Tracker#tick} call that received it in the sense that
 * it always describes the same candles; it never changes afterwards, so keeping it is safe. To keep
 * values independently of the backing arrays, copy them (for example with {@link #closes()}).
 *
 * <p>Prices are as stored: a published file may contain {@code NaN} for a missing price, which the
 * primitive accessors return as is.
 */
public final class CandleWindow {

  private final long[] tsMicros;
  private final double[] open;
  private final double[] high;
  private final double[] low;
  private final double[] close;
  private final double[] volume;
  private final int from;
  private final int size;

  /**
   * Creates a view of {@code size} rows starting at {@code from} over the given columns. The arrays
   * are not copied: callers must not modify them afterwards.
   *
   * @throws IllegalArgumentException when the columns differ in length or the range is outside
   */
  public CandleWindow(
      long[] tsMicros,
      double[] open,
      double[] high,
      double[] low,
      double[] close,
      double[] volume,
      int from,
      int size) {
    this.tsMicros = Objects.requireNonNull(tsMicros, "tsMicros");
    this.open = Objects.requireNonNull(open, "open");
    this.high = Objects.requireNonNull(high, "high");
    this.low = Objects.requireNonNull(low, "low");
    this.close = Objects.requireNonNull(close, "close");
    this.volume = Objects.requireNonNull(volume, "volume");
    int n = tsMicros.length;
    if (open.length != n
        || high.length != n
        || low.length != n
        || close.length != n
        || volume.length != n) {
      throw new IllegalArgumentException("candle columns must all have length " + n);
    }
    if (from < 0 || size < 0 || from + size > n) {
      throw new IllegalArgumentException(
          "window [" + from + ", " + (from + size) + ") is outside the " + n + " candles");
    }
    this.from = from;
    this.size = size;
  }

  /** Number of candles in the window (at most the runner's {@code window} setting). */
  public int size() {
    return size;
  }

  /** True when the window holds no candle. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Open time of candle {@code i} in microseconds since the epoch (UTC). */
  public long tsMicros(int i) {
    return tsMicros[index(i)];
  }

  /** Open time of candle {@code i} as an {@link Instant}. */
  public Instant time(int i) {
    return Micros.toInstant(tsMicros(i));
  }

  public double open(int i) {
    return open[index(i)];
  }

  public double high(int i) {
    return high[index(i)];
  }

  public double low(int i) {
    return low[index(i)];
  }

  public double close(int i) {
    return close[index(i)];
  }

  public double volume(int i) {
    return volume[index(i)];
  }

  /**
   * Close of the newest candle.
   *
   * @throws IndexOutOfBoundsException when the window is empty
   */
  public double lastClose() {
    return close(size - 1);
  }

  /** A copy of the closes, oldest first. */
  public double[] closes() {
    double[] copy = new double[size];
    System.arraycopy(close, from, copy, 0, size);
    return copy;
  }

  /**
   * Candle {@code i} as a {@link Candle} value (allocates; prefer the primitive accessors in hot
   * code).
   *
   * @throws IllegalArgumentException when the stored row is not a valid candle (e.g. a NaN price)
   */
  public Candle get(int i) {
    int k = index(i);
    return new Candle(Micros.toInstant(tsMicros[k]), open[k], high[k], low[k], close[k], volume[k]);
  }

  /** A read-only {@link List} view whose elements are made on access by {@link #get(int)}. */
  public List<Candle> asList() {
    return new AbstractList<>() {
      @Override
      public Candle get(int i) {
        return CandleWindow.this.get(i);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  private int index(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("candle " + i + " of a window of " + size);
    }
    return from + i;
  }

  @Override
  public String toString() {
    if (size == 0) {
      return "CandleWindow[empty]";
    }
    return "CandleWindow[" + size + " candles, " + time(0) + " .. " + time(size - 1) + "]";
  }
}
