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
 * @param symbol the feed's subject, e.g. {@code BTCUSDT}
 * @param asOf time of the newest candle (UTC)
 * @param candles read-only view of the window, oldest first
 */
public record TickData(String symbol, Instant asOf, CandleWindow candles) {

  public TickData {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(candles, "candles");
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
    map.put("asof_ts", asOf.getEpochSecond());
    map.put("candles_1m", rows);
    return map;
  }
}
