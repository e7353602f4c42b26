package io.backtide.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Conversions between epoch microseconds (the stored precision of {@code ts_event}) and {@link
 * Instant}, by plain arithmetic: hot loops convert every candle, and {@code
 * ChronoUnit.MICROS.between} goes through nanoseconds and the generic temporal path.
 */
public final class Micros {
  private Micros() {}

  /** {@code ts} in epoch microseconds (nanoseconds below a microsecond are dropped). */
  public static long of(Instant ts) {
    return Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1000);
  }

  public static long of(Duration d) {
    return d.toNanos() / 1_000L;
  }

  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
