package io.backtide.backtest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The results table of a sweep: {@code set}, one typed column per parameter, every metric and count
 * in report order, {@code candles}, {@code replay_ms}, {@code executor} and {@code fingerprint}.
 */
public final class SweepTable {

  /** Result columns besides the parameters and metrics. */
  public static final List<String> EXTRA =
      List.of("set", "candles", "replay_ms", "executor", "fingerprint");

  private static final Map<Class<?>, DataType> TYPES =
      Map.of(
          Integer.class, DataTypes.IntegerType,
          Long.class, DataTypes.LongType,
          Double.class, DataTypes.DoubleType,
          String.class, DataTypes.StringType,
          Boolean.class, DataTypes.BooleanType);

  private final Map<String, DataType> parameters;
  private final List<String> metrics;
  private final StructType schema;

  private SweepTable(Map<String, DataType> parameters) {
    this.parameters = parameters;
    Map<String, Number> empty = Metrics.compute(List.of(), 0);
    this.metrics = List.copyOf(empty.keySet());
    StructType s = new StructType().add("set", DataTypes.IntegerType, false);
    for (Map.Entry<String, DataType> p : parameters.entrySet()) {
      s = s.add(p.getKey(), p.getValue(), false);
    }
    for (Map.Entry<String, Number> m : empty.entrySet()) {
      s = s.add(m.getKey(), m.getValue() instanceof Double ? DataTypes.DoubleType : intType(m));
    }
    this.schema =
        s.add("candles", DataTypes.IntegerType, false)
            .add("replay_ms", DataTypes.LongType, false)
            .add("executor", DataTypes.StringType, false)
            .add("fingerprint", DataTypes.StringType, false);
  }

  /**
   * Checks the parameter sets and makes the table's layout.
   *
   * @throws IllegalArgumentException naming the set and the parameter when the list is empty, a set
   *     has other names than the first, a value is not an Integer, Long, Double, String or Boolean,
   *     a parameter changes type between sets, or a name is one of the result columns
   */
  public static SweepTable of(List<Map<String, Object>> sets) {
    if (sets == null || sets.isEmpty()) {
      throw new IllegalArgumentException(
          "no parameter sets: pass at least one, e.g. Parameters.grid().axis(\"fast\", 5, 10).sets()");
    }
    Map<String, DataType> types = new LinkedHashMap<>();
    Set<String> names = sets.get(0).keySet();
    for (int i = 0; i < sets.size(); i++) {
      Map<String, Object> set = sets.get(i);
      if (set == null || !set.keySet().equals(names)) {
        throw new IllegalArgumentException(
            "parameter set #"
                + i
                + " has names "
                + (set == null ? "none (null)" : set.keySet())
                + ", set #0 has "
                + names
                + ": every set needs the same names");
      }
      for (Map.Entry<String, Object> p : set.entrySet()) {
        DataType type = typeOf(p.getKey(), p.getValue(), i);
        DataType before = types.putIfAbsent(p.getKey(), type);
        requireSame(p.getKey(), before, type, i);
      }
    }
    Set<String> reserved = new java.util.HashSet<>(EXTRA);
    reserved.addAll(Metrics.compute(List.of(), 0).keySet());
    for (String name : names) {
      if (reserved.contains(name)) {
        throw new IllegalArgumentException(
            "parameter name '"
                + name
                + "' is a result column: rename it (result columns: "
                + reserved
                + ")");
      }
    }
    return new SweepTable(types);
  }

  public StructType schema() {
    return schema;
  }

  /** The metric and count names, in column order. */
  public List<String> metricNames() {
    return metrics;
  }

  /** The parameter names, in column order. */
  public List<String> parameterNames() {
    return List.copyOf(parameters.keySet());
  }

  /** One row of the table, with its schema (so {@code getAs(name)} works). */
  public Row row(SweepOutcome outcome, Map<String, Object> set, String fingerprint) {
    List<Object> values = new ArrayList<>();
    values.add(outcome.set());
    parameters.keySet().forEach(name -> values.add(set.get(name)));
    metrics.forEach(name -> values.add(outcome.metrics().get(name)));
    values.add(outcome.candles());
    values.add(outcome.loopNanos() / 1_000_000);
    values.add(outcome.executor());
    values.add(fingerprint);
    return new GenericRowWithSchema(values.toArray(), schema);
  }

  private static DataType typeOf(String name, Object value, int set) {
    DataType type = value == null ? null : TYPES.get(value.getClass());
    if (type == null) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' of set #"
              + set
              + " is "
              + (value == null ? "null" : "a " + value.getClass().getName())
              + ": use an Integer, Long, Double, String or Boolean");
    }
    return type;
  }

  private static void requireSame(String name, DataType a, DataType b, int set) {
    if (a != null && !a.equals(b)) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' is "
              + b.simpleString()
              + " in set #"
              + set
              + " but "
              + a.simpleString()
              + " before: give every set the same type (e.g. 10.0, not 10)");
    }
  }

  private static DataType intType(Map.Entry<String, Number> m) {
    return m.getValue() instanceof Long ? DataTypes.LongType : DataTypes.IntegerType;
  }
}
