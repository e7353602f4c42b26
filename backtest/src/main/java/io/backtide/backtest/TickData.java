package io.backtide.backtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a tracker receives on every candle: the subject, the time the data is current as of, and the
 * window of the last candles ending at that time.
 *
 * <p>In a backtest {@code asOf} is the open time ({@code ts_event}) of the newest candle in the
 * window, and the window holds at most the runner's {@code window} candles (fewer at the start of
 * the data). The same type is used in production, so a tracker never knows it is backtested.
 *
 * <p>A value with the accessors, {@code equals}, {@code hashCode} and {@code toString} of a record
 * of {@code (symbol, asOf, candles)}. It is not a record so that a replay can make one per candle
 * without making an {@link Instant} per candle: {@link #TickData(String, CandleWindow)} takes
 * {@code asOf} from the window, when it is first asked for.
 */
public final class TickData {

  private final String symbol;
  private final CandleWindow candles;

  /** Set by the constructor, or on first use from the newest candle (the same value either way). */
  private Instant asOf;

  /**
   * @param symbol the feed's subject, e.g. {@code BTCUSDT}
   * @param asOf time of the newest candle (UTC)
   * @param candles read-only view of the window, oldest first
   */
  public TickData(String symbol, Instant asOf, CandleWindow candles) {
    this.symbol = Objects.requireNonNull(symbol, "symbol");
    this.asOf = Objects.requireNonNull(asOf, "asOf");
    this.candles = Objects.requireNonNull(candles, "candles");
  }

  /**
   * The data as of the newest candle of {@code candles}: {@code asOf} is its open time.
   *
   * @throws IllegalArgumentException when the window is empty
   */
  public TickData(String symbol, CandleWindow candles) {
    this.symbol = Objects.requireNonNull(symbol, "symbol");
    this.candles = Objects.requireNonNull(candles, "candles");
    if (candles.isEmpty()) {
      throw new IllegalArgumentException("an empty window has no newest candle to be as of");
    }
  }

  /** The feed's subject, e.g. {@code BTCUSDT}. */
  public String symbol() {
    return symbol;
  }

  /** Time of the newest candle (UTC). */
  public Instant asOf() {
    Instant t = asOf;
    if (t == null) {
      // Instant is immutable: a thread that sees null makes an equal one.
      t = candles.time(candles.size() - 1);
      asOf = t;
    }
    return t;
  }

  /** Read-only view of the window, oldest first. */
  public CandleWindow candles() {
    return candles;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TickData t
        && symbol.equals(t.symbol)
        && asOf().equals(t.asOf())
        && candles.equals(t.candles);
  }

  @Override
  public int hashCode() {
    return Objects.hash(symbol, asOf(), candles);
  }

  @Override
  public String toString() {
    return "TickData[symbol=" + symbol + ", asOf=" + asOf() + ", candles=" + candles + "]";
  }

  /**
   * The production payload shape: {@code {symbol, asof_ts, candles_1m: [{ts, open, high, low,
   * close, volume}]}} with {@code asof_ts} and {@code ts} in epoch seconds (UTC). Allocates a copy
   * of the window: use it for interop, not in a hot loop.
   */
  public Map<String, Object> toMap() {
    List<Map<String, Object>> rows = new ArrayList<>(candles.size());
    for (int i = 0; i < candles.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("ts", Math.floorDiv(candles.tsMicros(i), 1_000_000L));
      row.put("open", candles.open(i));
      row.put("high", candles.high(i));
      row.put("low", candles.low(i));
      row.put("close", candles.close(i));
      row.put("volume", candles.volume(i));
      rows.add(row);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("symbol", symbol);
    map.put("asof_ts", asOf().getEpochSecond());
    map.put("candles_1m", rows);
    return map;
  }
}
