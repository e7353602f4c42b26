package io.backtide.backtest.internal;

import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.Scorer;
import java.io.Serializable;
import java.time.Duration;

/**
 * The replay loop's settings, already validated by the runner's builder. Serializable (with a
 * serializable scorer) so that sweep tasks carry them to executors.
 */
public record ReplaySettings(
    String symbol,
    int window,
    Duration predictEvery,
    Duration resolveAfter,
    Duration maxResolveLag,
    Scorer scorer)
    implements Serializable {

  PredictionScope scope() {
    return new PredictionScope(symbol, resolveAfter, predictEvery);
  }
}
