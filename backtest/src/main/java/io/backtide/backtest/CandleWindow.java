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
 *
 * <p>Extra columns: fields of the rows' {@code meta} (for Binance feeds {@code quote_volume},
 * {@code trades}, {@code taker_buy_base_volume}, ...) that the runner was asked to load with {@link
 * BacktestRunnerBuilder#extraColumns(String...)}. They were extracted once per file while reading,
 * so {@link #extra(String, int)} reads a primitive array like the prices do; a window of a run that
 * loaded none has none.
 */
public final class CandleWindow {

  private final long[] tsMicros;
  private final double[] open;
  private final double[] high;
  private final double[] low;
  private final double[] close;
  private final double[] volume;
  private final String[] extraNames;
  private final double[][] extras;
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
    this(tsMicros, open, high, low, close, volume, NO_NAMES, NO_EXTRAS, from, size);
  }

  private static final String[] NO_NAMES = {};
  private static final double[][] NO_EXTRAS = {};

  /**
   * As the constructor above, with extra columns: {@code extras[k]} holds the values of the column
   * named {@code extraNames[k]}, as long as the other columns. Nothing is copied: callers must not
   * modify the arrays afterwards.
   *
   * @throws IllegalArgumentException when the columns differ in length, the names and columns in
   *     number, or the range is outside
   */
  public CandleWindow(
      long[] tsMicros,
      double[] open,
      double[] high,
      double[] low,
      double[] close,
      double[] volume,
      String[] extraNames,
      double[][] extras,
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
    this.extraNames = Objects.requireNonNull(extraNames, "extraNames");
    this.extras = Objects.requireNonNull(extras, "extras");
    if (extraNames.length != extras.length) {
      throw new IllegalArgumentException(
          extraNames.length + " extra column name(s) for " + extras.length + " column(s)");
    }
    for (double[] extra : extras) {
      if (extra.length != n) {
        throw new IllegalArgumentException("candle columns must all have length " + n);
      }
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
   * Extra column {@code name} of candle {@code i}: the {@code meta} field of that name as a number
   * ({@code true}/{@code false} as 1/0; integers such as trade ids are exact up to 2<sup>53</sup>).
   *
   * @throws IllegalArgumentException when the run did not load that column (naming those it did)
   * @throws IndexOutOfBoundsException when {@code i} is outside the window
   */
  public double extra(String name, int i) {
    return extras[column(name)][index(i)];
  }

  /** A copy of extra column {@code name} over the window, oldest first. */
  public double[] extras(String name) {
    double[] copy = new double[size];
    System.arraycopy(extras[column(name)], from, copy, 0, size);
    return copy;
  }

  /** The names of the extra columns the run loaded, in the order they were asked for. */
  public List<String> extraNames() {
    return List.of(extraNames);
  }

  private int column(String name) {
    for (int k = 0; k < extraNames.length; k++) {
      if (extraNames[k].equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "no extra column '"
            + name
            + "' in this window (loaded: "
            + List.of(extraNames)
            + "): ask the runner for it with extraColumns(\""
            + name
            + "\")");
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
