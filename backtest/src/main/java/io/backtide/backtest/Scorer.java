package io.backtide.backtest;

/**
 * Scores one prediction against its ground truth; the challenge's scoring rule. Implementations
 * must be pure (same input, same score). Anything thrown here (an {@code AssertionError} included)
 * is recorded on that prediction as a failure and the backtest goes on; {@code Score.of(NaN)} is
 * recorded as "scorer returned NaN". A {@link VirtualMachineError} ends the run.
 */
@FunctionalInterface
public interface Scorer {

  /**
   * @param prediction the tracker's output
   * @param truth the resolved price move
   * @return the score, or {@link Score#failed(String)} when the output cannot be scored
   */
  Score score(Prediction prediction, GroundTruth truth);
}
