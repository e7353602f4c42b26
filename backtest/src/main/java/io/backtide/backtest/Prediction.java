package io.backtide.backtest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A tracker's answer: an ordered map of named values, so that challenge-specific outputs fit. The
 * usual output is a single {@code value} (for example an expected return or a direction score),
 * made with {@link #of(double)}.
 *
 * <p>The metrics and the default scorer use the {@link #signal()}: the {@code value} field, else
 * the first numeric field.
 *
 * @param output field name to value, in insertion order; values should be numbers, strings or
 *     booleans so that results serialise to JSON
 */
public record Prediction(Map<String, Object> output) {

  /** Name of the default field. */
  public static final String VALUE = "value";

  public Prediction {
    Objects.requireNonNull(output, "output");
    if (output.size() == 1 && output.get(VALUE) != null) {
      // The usual single value (every prediction of most trackers): nothing to check, and no
      // iterator over the key set, where about half of the JFR samples of a fresh JVM's first
      // replay of a year of 1m fell. Map.copyOf returns an immutable map as is, without copying.
      output = Map.copyOf(output);
    } else {
      for (String key : output.keySet()) {
        if (key == null || key.isBlank()) {
          throw new IllegalArgumentException("prediction field names must not be blank: " + output);
        }
      }
      // one field needs no order
      output =
          output.size() == 1 && output.values().iterator().next() != null
              ? Map.copyOf(output)
              : Collections.unmodifiableMap(new LinkedHashMap<>(output));
    }
  }

  /** A prediction with the single field {@code value}. */
  public static Prediction of(double value) {
    return new Prediction(Map.of(VALUE, value));
  }

  /** A prediction with the given fields (copied, order kept if the map is ordered). */
  public static Prediction of(Map<String, ?> fields) {
    return new Prediction(new LinkedHashMap<>(fields));
  }

  /**
   * The signal used by metrics and {@link Scorers#directional()}: the numeric {@code value} field,
   * else the first numeric field; empty when there is none.
   */
  public OptionalDouble signal() {
    Object value = output.get(VALUE);
    if (value instanceof Number n) {
      return OptionalDouble.of(n.doubleValue());
    }
    for (Object v : output.values()) {
      if (v instanceof Number n) {
        return OptionalDouble.of(n.doubleValue());
      }
    }
    return OptionalDouble.empty();
  }
}
