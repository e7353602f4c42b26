package io.backtide.backtest.internal;

import io.backtide.backtest.Outcome;
import io.backtide.backtest.Prediction;
import io.backtide.backtest.PredictionRow;
import io.backtide.core.Micros;
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
 * the run's GC. The columns are pages of {@value #PAGE} values, added as predictions come: arrays
 * grown by doubling were a third of a year's replay allocation (each copy, and at 525,600 rows
 * seven arrays of up to 8 MB, which G1 allocates outside the young generation, in fresh memory).
 * The tracker's output is kept only when it is not the usual single {@code value} (which the {@code
 * value} column already holds), and reasons only for rows that have one. Slots are appended when a
 * prediction is made and filled when it is resolved.
 */
public final class PredictionColumns {

  private static final Outcome[] OUTCOMES = Outcome.values();

  private static final int PAGE_BITS = 12;
  static final int PAGE = 1 << PAGE_BITS;
  private static final int IN_PAGE = PAGE - 1;

  private int size;
  private long[][] ts = new long[0][];
  private double[][] value = new double[0][];
  private double[][] entry = new double[0][];
  private double[][] resolved = new double[0][];
  private double[][] ret = new double[0][];
  private double[][] score = new double[0][];
  private byte[][] outcome = new byte[0][];
  private final Map<Integer, Map<String, Object>> outputs = new HashMap<>();
  private final Map<Integer, String> reasons = new HashMap<>();

  public int size() {
    return size;
  }

  /** Appends a slot for a prediction made at {@code tsMicros}; returns its index. */
  int add(long tsMicros) {
    if (size >>> PAGE_BITS == ts.length) {
      addPage();
    }
    ts[size >>> PAGE_BITS][size & IN_PAGE] = tsMicros;
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
    int p = k >>> PAGE_BITS;
    int i = k & IN_PAGE;
    this.value[p][i] = value;
    this.entry[p][i] = entry;
    this.resolved[p][i] = resolved;
    this.ret[p][i] = ret;
    this.score[p][i] = score;
    this.outcome[p][i] = (byte) outcome.ordinal();
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
    return ts[k >>> PAGE_BITS][k & IN_PAGE];
  }

  public double value(int k) {
    return value[k >>> PAGE_BITS][k & IN_PAGE];
  }

  public double ret(int k) {
    return ret[k >>> PAGE_BITS][k & IN_PAGE];
  }

  public double score(int k) {
    return score[k >>> PAGE_BITS][k & IN_PAGE];
  }

  public Outcome outcome(int k) {
    return OUTCOMES[outcome[k >>> PAGE_BITS][k & IN_PAGE]];
  }

  /** Row {@code k} as a value (allocates). */
  public PredictionRow row(int k) {
    Map<String, Object> output = outputs.get(k);
    if (output == null) {
      output = Map.of(Prediction.VALUE, value(k));
    }
    return new PredictionRow(
        Micros.toInstant(tsMicros(k)),
        output,
        value(k),
        entry[k >>> PAGE_BITS][k & IN_PAGE],
        resolved[k >>> PAGE_BITS][k & IN_PAGE],
        ret(k),
        score(k),
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

  private void addPage() {
    int pages = ts.length + 1;
    ts = Arrays.copyOf(ts, pages);
    value = Arrays.copyOf(value, pages);
    entry = Arrays.copyOf(entry, pages);
    resolved = Arrays.copyOf(resolved, pages);
    ret = Arrays.copyOf(ret, pages);
    score = Arrays.copyOf(score, pages);
    outcome = Arrays.copyOf(outcome, pages);
    ts[pages - 1] = new long[PAGE];
    value[pages - 1] = new double[PAGE];
    entry[pages - 1] = new double[PAGE];
    resolved[pages - 1] = new double[PAGE];
    ret[pages - 1] = new double[PAGE];
    score[pages - 1] = new double[PAGE];
    outcome[pages - 1] = new byte[PAGE];
  }
}
