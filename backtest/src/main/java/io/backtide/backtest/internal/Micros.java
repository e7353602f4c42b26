package io.backtide.backtest.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Conversions between epoch microseconds (the stored precision) and {@link Instant}. */
public final class Micros {

  private Micros() {}

  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public static long of(Instant ts) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, ts);
  }

  public static long of(java.time.Duration d) {
    return d.toNanos() / 1_000L;
  }
}
