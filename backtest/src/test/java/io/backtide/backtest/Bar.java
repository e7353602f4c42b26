package io.backtide.backtest;

import java.time.Instant;

/** A fixture row of a published file; unlike {@code Candle} it may hold NaN prices. */
public record Bar(Instant ts, double open, double high, double low, double close, double volume) {

  /** A bar whose four prices all equal {@code close}, volume 1. */
  public static Bar at(Instant ts, double close) {
    return new Bar(ts, close, close, close, close, 1.0);
  }

  public static Bar at(String ts, double close) {
    return at(Instant.parse(ts), close);
  }
}
