package io.backtide.backtest.internal;

import io.backtide.backtest.Outcome;
import io.backtide.backtest.Prediction;
import io.backtide.backtest.PredictionRow;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The predictions of a run as primitive columns, in time order: a year of 1s with a prediction
 * every minute is 525,600 rows, which as one object graph per prediction cost ~100 MB and most of
 * the run's GC. The tracker's output is kept only when it is not the usual single {@code value}
 * (which the {@code value} column already holds), and reasons only for rows that have one. Slots
 * are appended when a prediction is made and filled when it is resolved.
 */
public final class PredictionColumns {

  private static final Outcome[] OUTCOMES = Outcome.values();

  private int size;
  private long[] ts = new long[1024];
  private double[] value = new double[1024];
  private double[] entry = new double[1024];
  private double[] resolved = new double[1024];
  private double[] ret = new double[1024];
  private double[] score = new double[1024];
  private byte[] outcome = new byte[1024];
  private final Map<Integer, Map<String, Object>> outputs = new HashMap<>();
  private final Map<Integer, String> reasons = new HashMap<>();

  public int size() {
    return size;
  }

  /** Appends a slot for a prediction made at {@code tsMicros}; returns its index. */
  int add(long tsMicros) {
    if (size == ts.length) {
      grow(size * 2);
    }
    ts[size] = tsMicros;
    return size++;
  }

  /** Fills slot {@code k}. {@code output} null means the tracker gave none (it failed). */
  void set(
      int k,
      Map<String, Object> output,
      double value,
      double entry,
      double resolved,
      double ret,
      double score,
      Outcome outcome,
      String reason) {
    if (output != null && !isPlainValue(output, value)) {
      outputs.put(k, output);
    } else if (output == null) {
      outputs.put(k, Map.of());
    }
    this.value[k] = value;
    this.entry[k] = entry;
    this.resolved[k] = resolved;
    this.ret[k] = ret;
    this.score[k] = score;
    this.outcome[k] = (byte) outcome.ordinal();
    if (reason != null) {
      reasons.put(k, reason);
    }
  }

  /** True when {@code output} is exactly {@code {value: <value>}}, rebuilt on access. */
  private static boolean isPlainValue(Map<String, Object> output, double value) {
    return output.size() == 1
        && output.get(Prediction.VALUE) instanceof Double d
        && Double.doubleToRawLongBits(d) == Double.doubleToRawLongBits(value);
  }

  public long tsMicros(int k) {
    return ts[k];
  }

  public double value(int k) {
    return value[k];
  }

  public double ret(int k) {
    return ret[k];
  }

  public double score(int k) {
    return score[k];
  }

  public Outcome outcome(int k) {
    return OUTCOMES[outcome[k]];
  }

  /** Row {@code k} as a value (allocates). */
  public PredictionRow row(int k) {
    Map<String, Object> output = outputs.get(k);
    if (output == null) {
      output = Map.of(Prediction.VALUE, value[k]);
    }
    return new PredictionRow(
        Micros.toInstant(ts[k]),
        output,
        value[k],
        entry[k],
        resolved[k],
        ret[k],
        score[k],
        outcome(k),
        Optional.ofNullable(reasons.get(k)));
  }

  /** A read-only list view whose rows are made on access. */
  public List<PredictionRow> asList() {
    return new Rows();
  }

  private final class Rows extends AbstractList<PredictionRow> implements RandomAccess {
    @Override
    public PredictionRow get(int k) {
      if (k < 0 || k >= size) {
        throw new IndexOutOfBoundsException("prediction " + k + " of " + size);
      }
      return row(k);
    }

    @Override
    public int size() {
      return size;
    }
  }

  private void grow(int capacity) {
    ts = Arrays.copyOf(ts, capacity);
    value = Arrays.copyOf(value, capacity);
    entry = Arrays.copyOf(entry, capacity);
    resolved = Arrays.copyOf(resolved, capacity);
    ret = Arrays.copyOf(ret, capacity);
    score = Arrays.copyOf(score, capacity);
    outcome = Arrays.copyOf(outcome, capacity);
  }
}
