package io.backtide.backtest.internal;

import io.backtide.backtest.Prediction;
import java.util.NoSuchElementException;

/**
 * The predictions waiting for their resolving candle, oldest first, as a ring of primitive columns:
 * one record per waiting prediction was a sixth of a year's replay allocation. The accessors read
 * the oldest one; it holds as many predictions as are waiting at once (resolve-after over
 * predict-every, a handful).
 */
final class PendingPredictions {
  private int head;
  private int count;
  private int[] slot = new int[16];
  private long[] ts = new long[16];
  private long[] index = new long[16];
  private Prediction[] prediction = new Prediction[16];
  private double[] value = new double[16];
  private double[] entry = new double[16];

  boolean isEmpty() {
    return count == 0;
  }

  int size() {
    return count;
  }

  /**
   * Appends a prediction: its row {@code slot}, time {@code ts} (µs), candle {@code index}, the
   * tracker's {@code prediction}, its signal {@code value} and {@code entry} price.
   */
  void add(int slot, long ts, long index, Prediction prediction, double value, double entry) {
    if (count == this.slot.length) {
      grow();
    }
    int k = (head + count) & (this.slot.length - 1);
    this.slot[k] = slot;
    this.ts[k] = ts;
    this.index[k] = index;
    this.prediction[k] = prediction;
    this.value[k] = value;
    this.entry[k] = entry;
    count++;
  }

  /** Drops the oldest prediction. */
  void removeFirst() {
    first();
    prediction[head] = null;
    head = (head + 1) & (slot.length - 1);
    count--;
  }

  int slot() {
    return slot[first()];
  }

  long ts() {
    return ts[first()];
  }

  long index() {
    return index[first()];
  }

  Prediction prediction() {
    return prediction[first()];
  }

  double value() {
    return value[first()];
  }

  double entry() {
    return entry[first()];
  }

  private int first() {
    if (count == 0) {
      throw new NoSuchElementException("no prediction is waiting");
    }
    return head;
  }

  /** Doubles the ring (its length stays a power of two), the oldest prediction first. */
  private void grow() {
    int n = slot.length;
    slot = unrolled(slot, new int[2 * n], n);
    ts = unrolled(ts, new long[2 * n], n);
    index = unrolled(index, new long[2 * n], n);
    prediction = unrolled(prediction, new Prediction[2 * n], n);
    value = unrolled(value, new double[2 * n], n);
    entry = unrolled(entry, new double[2 * n], n);
    head = 0;
  }

  /** Copies the ring {@code from} (full, {@code n} long) into {@code to} starting at its head. */
  private <A> A unrolled(A from, A to, int n) {
    System.arraycopy(from, head, to, 0, n - head);
    System.arraycopy(from, 0, to, n - head, head);
    return to;
  }
}
