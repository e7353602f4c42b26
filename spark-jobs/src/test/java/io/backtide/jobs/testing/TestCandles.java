package io.backtide.jobs.testing;

import io.backtide.core.Candle;
import io.backtide.core.Granularity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Candles with simple, checkable prices for tests: close = base + minutes since the epoch / 1000.
 */
public final class TestCandles {
  private TestCandles() {}

  /** One candle per bar in {@code [from, to)}, prices offset by {@code shift}. */
  public static List<Candle> range(Instant from, Instant to, Granularity g, double shift) {
    List<Candle> out = new ArrayList<>();
    for (Instant t = from; t.isBefore(to); t = t.plus(g.duration())) {
      out.add(at(t, shift));
    }
    return out;
  }

  /** A valid candle at {@code ts} whose prices depend on ts and {@code shift}. */
  public static Candle at(Instant ts, double shift) {
    double base = 100 + (ts.getEpochSecond() % 86_400) / 1000.0 + shift;
    return new Candle(ts, base, base + 1, base - 1, base + 0.5, 2.5);
  }
}
