package io.backtide.backtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parameter sets for a {@link BacktestSweep}: a grid helper and typed reads for tracker factories.
 *
 * <pre>{@code
 * List<Map<String, Object>> sets =
 *     Parameters.grid().axis("fast", 5, 10, 20).axis("slow", 60, 120).sets(); // 6 sets
 * }</pre>
 *
 * <p>A value is an {@code Integer}, {@code Long}, {@code Double}, {@code String} or {@code
 * Boolean}: each parameter becomes one typed column of the sweep's results.
 */
public final class Parameters {

  private Parameters() {}

  /** An empty grid; add axes with {@link Grid#axis}. */
  public static Grid grid() {
    return new Grid();
  }

  /**
   * The parameter {@code name} as an int.
   *
   * @throws IllegalArgumentException when it is missing or not an {@code Integer} or a {@code Long}
   *     within the int range
   */
  public static int intValue(Map<String, Object> parameters, String name) {
    Object v = parameters.get(name);
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Long l && l == l.intValue()) {
      return l.intValue();
    }
    throw new IllegalArgumentException(
        "parameter '" + name + "' is " + describe(v) + ": expected an int, in " + parameters);
  }

  /**
   * The parameter {@code name} as a double ({@code Integer}, {@code Long} and {@code Double} read).
   *
   * @throws IllegalArgumentException when it is missing or not a number
   */
  public static double doubleValue(Map<String, Object> parameters, String name) {
    Object v = parameters.get(name);
    if (v instanceof Integer || v instanceof Long || v instanceof Double) {
      return ((Number) v).doubleValue();
    }
    throw new IllegalArgumentException(
        "parameter '" + name + "' is " + describe(v) + ": expected a number, in " + parameters);
  }

  private static String describe(Object v) {
    return v == null ? "missing" : "a " + v.getClass().getSimpleName() + " (" + v + ")";
  }

  /** The cartesian product of named value lists, in axis order (the last axis varies fastest). */
  public static final class Grid {
    private final Map<String, List<Object>> axes = new LinkedHashMap<>();

    private Grid() {}

    /**
     * Adds an axis.
     *
     * @throws IllegalArgumentException when the name is blank or already used, or no value is given
     */
    public Grid axis(String name, Object... values) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || axes.containsKey(name)) {
        throw new IllegalArgumentException(
            "axis name '" + name + "' is blank or already used: axes are " + axes.keySet());
      }
      if (values.length == 0) {
        throw new IllegalArgumentException("axis '" + name + "' has no values: give at least one");
      }
      axes.put(name, List.of(values));
      return this;
    }

    /** Every combination, one unmodifiable ordered map each; empty when no axis was added. */
    public List<Map<String, Object>> sets() {
      List<Map<String, Object>> sets = new ArrayList<>();
      if (!axes.isEmpty()) {
        expand(new ArrayList<>(axes.keySet()), 0, new LinkedHashMap<>(), sets);
      }
      return List.copyOf(sets);
    }

    private void expand(
        List<String> names, int k, Map<String, Object> prefix, List<Map<String, Object>> out) {
      if (k == names.size()) {
        out.add(Collections.unmodifiableMap(new LinkedHashMap<>(prefix)));
        return;
      }
      for (Object value : axes.get(names.get(k))) {
        prefix.put(names.get(k), value);
        expand(names, k + 1, prefix, out);
      }
      prefix.remove(names.get(k));
    }
  }
}
