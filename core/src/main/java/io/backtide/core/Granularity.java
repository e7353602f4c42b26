package io.backtide.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Bar size of a feed. The code ({@code 1m}) is the one used in keys, paths and Binance intervals.
 */
public enum Granularity {
  S1("1s", Duration.ofSeconds(1)),
  M1("1m", Duration.ofMinutes(1)),
  M5("5m", Duration.ofMinutes(5)),
  M15("15m", Duration.ofMinutes(15)),
  H1("1h", Duration.ofHours(1)),
  D1("1d", Duration.ofDays(1));

  private final String code;
  private final Duration duration;

  Granularity(String code, Duration duration) {
    this.code = code;
    this.duration = duration;
  }

  public String code() {
    return code;
  }

  public Duration duration() {
    return duration;
  }

  /**
   * Number of bars in one UTC day (86400 for {@code 1s}, 1440 for {@code 1m}, 1 for {@code 1d}).
   */
  public long barsPerDay() {
    return Duration.ofDays(1).dividedBy(duration);
  }

  /** The open time of the bar that contains {@code ts} (bars are aligned to the epoch, UTC). */
  public Instant floor(Instant ts) {
    long step = duration.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(ts.toEpochMilli(), step) * step);
  }

  /**
   * Parses a code such as {@code 1m} (exact, case-sensitive: {@code 1M} would be a month
   * elsewhere).
   *
   * @throws IllegalArgumentException naming the input and the accepted codes
   */
  public static Granularity parse(String text) {
    if (text != null) {
      for (Granularity g : values()) {
        if (g.code.equals(text.trim())) {
          return g;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown granularity '" + text + "': expected one of " + accepted());
  }

  static String accepted() {
    return Arrays.stream(values()).map(Granularity::code).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return code;
  }
}
