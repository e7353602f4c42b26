package io.backtide.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One OHLCV bar. {@code tsEvent} is the bar's open time in UTC, truncated to microseconds (the
 * precision of the stored timestamp). A trade is a candle with open = high = low = close = price.
 */
public record Candle(
    Instant tsEvent, double open, double high, double low, double close, double volume) {

  public Candle {
    Objects.requireNonNull(tsEvent, "tsEvent");
    tsEvent = tsEvent.truncatedTo(ChronoUnit.MICROS);
    requireFinite("open", open, tsEvent);
    requireFinite("high", high, tsEvent);
    requireFinite("low", low, tsEvent);
    requireFinite("close", close, tsEvent);
    requireFinite("volume", volume, tsEvent);
    if (volume < 0) {
      throw invalid(tsEvent, "volume " + volume + " is negative");
    }
    if (high < low) {
      throw invalid(tsEvent, "high " + high + " is below low " + low);
    }
    if (open > high || open < low) {
      throw invalid(tsEvent, "open " + open + " is outside [low " + low + ", high " + high + "]");
    }
    if (close > high || close < low) {
      throw invalid(tsEvent, "close " + close + " is outside [low " + low + ", high " + high + "]");
    }
  }

  /** A trade at {@code price} for {@code quantity}, stored as a one-price candle. */
  public static Candle trade(Instant ts, double price, double quantity) {
    return new Candle(ts, price, price, price, price, quantity);
  }

  /**
   * Microseconds since the epoch of {@link #tsEvent()} (exact: the time is truncated to
   * microseconds). Plain arithmetic: writing a day file asks for it twice per candle, and {@code
   * ChronoUnit.MICROS.between} goes through nanoseconds and the generic temporal path.
   */
  public long tsEventMicros() {
    return Micros.of(tsEvent);
  }

  private static void requireFinite(String field, double value, Instant ts) {
    if (!Double.isFinite(value)) {
      throw invalid(ts, field + " is " + value + ", expected a finite number");
    }
  }

  private static IllegalArgumentException invalid(Instant ts, String what) {
    return new IllegalArgumentException("invalid candle at " + ts + ": " + what);
  }
}
