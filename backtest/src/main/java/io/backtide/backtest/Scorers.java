package io.backtide.backtest;

import java.io.Serializable;
import java.util.OptionalDouble;

/** Ready-made {@link Scorer}s. */
public final class Scorers {

  private Scorers() {}

  /**
   * Directional scoring (the default): {@code +1} when the sign of the prediction's {@link
   * Prediction#signal() signal} matches the sign of the return, {@code -1} when it does not, and
   * {@code 0} when either is zero. Fails (not throws) when the output has no numeric field or the
   * signal is NaN. Serializable, so that {@link BacktestSweep} can ship it to executors.
   */
  public static Scorer directional() {
    return (Scorer & Serializable) Scorers::directionalScore;
  }

  private static Score directionalScore(Prediction prediction, GroundTruth truth) {
    OptionalDouble signal = prediction.signal();
    if (signal.isEmpty()) {
      return Score.failed("prediction has no numeric field: " + prediction.output());
    }
    double s = signal.getAsDouble();
    if (Double.isNaN(s)) {
      return Score.failed("prediction value is NaN");
    }
    double a = Math.signum(s);
    double b = Math.signum(truth.ret());
    if (a == 0 || b == 0) {
      return Score.of(0.0);
    }
    return Score.of(a == b ? 1.0 : -1.0);
  }
}
