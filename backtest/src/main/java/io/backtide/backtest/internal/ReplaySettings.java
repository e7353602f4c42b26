package io.backtide.backtest.internal;

import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.Scorer;
import java.time.Duration;

/** The replay loop's settings, already validated by the runner's builder. */
public record ReplaySettings(
    String symbol,
    int window,
    Duration predictEvery,
    Duration resolveAfter,
    Duration maxResolveLag,
    Scorer scorer) {

  PredictionScope scope() {
    return new PredictionScope(symbol, resolveAfter, predictEvery);
  }
}
