package io.backtide.backtest;

import java.util.Objects;
import java.util.Optional;

/**
 * A scorer's verdict on one prediction.
 *
 * @param value the score (meaningful only when {@code success}; {@code NaN} otherwise)
 * @param success true when the prediction could be scored
 * @param failedReason why it could not be scored; empty when {@code success}
 */
public record Score(double value, boolean success, Optional<String> failedReason) {

  public Score {
    Objects.requireNonNull(failedReason, "failedReason");
    if (success && failedReason.isPresent()) {
      throw new IllegalArgumentException("a successful score has no failedReason");
    }
    if (success && !Double.isFinite(value)) {
      throw new IllegalArgumentException("a successful score must be finite, got " + value);
    }
    if (!success && failedReason.isEmpty()) {
      throw new IllegalArgumentException("a failed score needs a reason");
    }
  }

  /** A successful score. */
  public static Score of(double value) {
    return new Score(value, true, Optional.empty());
  }

  /** A prediction that could not be scored, with the reason. */
  public static Score failed(String reason) {
    return new Score(Double.NaN, false, Optional.of(reason));
  }
}
