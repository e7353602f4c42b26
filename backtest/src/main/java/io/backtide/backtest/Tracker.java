package io.backtide.backtest;

/**
 * A competitor's model: the same class runs in production and in a backtest, and nothing in it can
 * tell the two apart.
 *
 * <p>The runner calls {@link #tick} on every candle in time order, then, on the prediction
 * schedule, {@link #predict} right after the tick of the candle the prediction is made at. Both run
 * on one thread. Anything thrown by either, {@code Exception} or {@code Error} (an {@code
 * AssertionError} included), is recorded (on the prediction, or counted as a tick failure) and the
 * run goes on; only a {@link VirtualMachineError} such as {@code OutOfMemoryError} ends the run.
 */
public interface Tracker {

  /**
   * Receives the newest data. Called once per candle, oldest first.
   *
   * @param data the subject, the time and the window of the last candles (a view: cheap to keep)
   */
  void tick(TickData data);

  /**
   * Makes a prediction about the subject in {@code scope}, using what earlier ticks delivered.
   *
   * @return the output; {@code null} is recorded as a failed prediction
   */
  Prediction predict(PredictionScope scope);
}
