package io.backtide.backtest;

import java.time.Duration;
import java.util.Objects;

/**
 * What a prediction is asked for: the subject, how far ahead the prediction is resolved, and how
 * often predictions are asked.
 *
 * @param subject the feed's subject, e.g. {@code BTCUSDT}
 * @param resolveHorizon time between the prediction and the price it is scored against (positive)
 * @param step time between two scheduled predictions (positive)
 */
public record PredictionScope(String subject, Duration resolveHorizon, Duration step) {

  public PredictionScope {
    Objects.requireNonNull(subject, "subject");
    requirePositive("resolveHorizon", resolveHorizon);
    requirePositive("step", step);
  }

  private static void requirePositive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
