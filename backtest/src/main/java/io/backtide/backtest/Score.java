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
      throw new NotFinite(value);
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

  /**
   * Thrown by {@link #of(double)} for a NaN or infinite value, so that the runner can record a
   * scorer that computed one as "scorer returned NaN" rather than as an arbitrary exception.
   */
  public static final class NotFinite extends IllegalArgumentException {

    private final double value;

    NotFinite(double value) {
      super("a successful score must be finite, got " + value);
      this.value = value;
    }

    /** The rejected value: NaN or an infinity. */
    public double value() {
      return value;
    }
  }
}
