package io.backtide.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A run of missing candles: bars opening in {@code [start, end)}, {@code candles} of them. {@code
 * confirmed} when the provider was asked for that time and returned no rows (the exchange has none:
 * a halt, an outage); otherwise it was never fetched.
 *
 * @param start the first missing bar's open time, ISO-8601 with {@code Z}
 * @param end the open time after the last missing bar, ISO-8601 with {@code Z}
 */
public record Gap(
    @JsonProperty("start") String start,
    @JsonProperty("end") String end,
    @JsonProperty("candles") long candles,
    @JsonProperty("confirmed") boolean confirmed) {

  @JsonCreator
  public Gap {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (candles < 1) {
      throw new IllegalArgumentException("a gap " + start + " to " + end + " misses no candle");
    }
  }

  public static Gap of(Instant start, Instant end, long candles, boolean confirmed) {
    return new Gap(start.toString(), end.toString(), candles, confirmed);
  }

  /** This gap and {@code next} as one, when next starts where this ends and is of the same kind. */
  public java.util.Optional<Gap> joinedWith(Gap next) {
    return end.equals(next.start) && confirmed == next.confirmed
        ? java.util.Optional.of(new Gap(start, next.end, candles + next.candles, confirmed))
        : java.util.Optional.empty();
  }
}
