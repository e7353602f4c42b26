package io.backtide.backtest;

import io.backtide.core.Candle;
import io.backtide.core.Micros;
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

  /**
   * The columns, checked once and shared by every {@link #slice} of them: a window is three fields,
   * so that a replay making one per candle allocates little (a year of 1s makes 31.5 M).
   */
  private final Columns c;

  private final int from;
  private final int size;

  /** The arrays of a window and its slices. */
  private record Columns(
      long[] tsMicros,
      double[] open,
      double[] high,
      double[] low,
      double[] close,
      double[] volume,
      String[] extraNames,
      double[][] extras) {}

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
    Objects.requireNonNull(tsMicros, "tsMicros");
    Objects.requireNonNull(open, "open");
    Objects.requireNonNull(high, "high");
    Objects.requireNonNull(low, "low");
    Objects.requireNonNull(close, "close");
    Objects.requireNonNull(volume, "volume");
    int n = tsMicros.length;
    if (open.length != n
        || high.length != n
        || low.length != n
        || close.length != n
        || volume.length != n) {
      throw new IllegalArgumentException("candle columns must all have length " + n);
    }
    Objects.requireNonNull(extraNames, "extraNames");
    Objects.requireNonNull(extras, "extras");
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
    this.c = new Columns(tsMicros, open, high, low, close, volume, extraNames, extras);
    this.from = from;
    this.size = size;
  }

  private CandleWindow(Columns c, int from, int size) {
    this.c = c;
    this.from = from;
    this.size = size;
  }

  /**
   * The candles {@code [from, from + count)} of this window as a window over the same arrays (no
   * copy, no check of the arrays again).
   *
   * @throws IndexOutOfBoundsException when the range is not within this window
   */
  public CandleWindow slice(int from, int count) {
    Objects.checkFromIndexSize(from, count, size);
    return new CandleWindow(c, this.from + from, count);
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
    return c.tsMicros()[index(i)];
  }

  /** Open time of candle {@code i} as an {@link Instant}. */
  public Instant time(int i) {
    return Micros.toInstant(tsMicros(i));
  }

  public double open(int i) {
    return c.open()[index(i)];
  }

  public double high(int i) {
    return c.high()[index(i)];
  }

  public double low(int i) {
    return c.low()[index(i)];
  }

  public double close(int i) {
    return c.close()[index(i)];
  }

  public double volume(int i) {
    return c.volume()[index(i)];
  }

  /**
   * Extra column {@code name} of candle {@code i}: the {@code meta} field of that name as a number
   * ({@code true}/{@code false} as 1/0; integers such as trade ids are exact up to 2<sup>53</sup>).
   *
   * @throws IllegalArgumentException when the run did not load that column (naming those it did)
   * @throws IndexOutOfBoundsException when {@code i} is outside the window
   */
  public double extra(String name, int i) {
    return c.extras()[column(name)][index(i)];
  }

  /** A copy of extra column {@code name} over the window, oldest first. */
  public double[] extras(String name) {
    double[] copy = new double[size];
    System.arraycopy(c.extras()[column(name)], from, copy, 0, size);
    return copy;
  }

  /** The names of the extra columns the run loaded, in the order they were asked for. */
  public List<String> extraNames() {
    return List.of(c.extraNames());
  }

  private int column(String name) {
    String[] names = c.extraNames();
    for (int k = 0; k < names.length; k++) {
      if (names[k].equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "no extra column '"
            + name
            + "' in this window (loaded: "
            + List.of(names)
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
    System.arraycopy(c.close(), from, copy, 0, size);
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
    Columns x = c;
    return new Candle(
        Micros.toInstant(x.tsMicros()[k]),
        x.open()[k],
        x.high()[k],
        x.low()[k],
        x.close()[k],
        x.volume()[k]);
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
