package io.backtide.backtest.examples;

import io.backtide.backtest.CandleWindow;
import io.backtide.backtest.Prediction;
import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.TrackerBase;

/**
 * Momentum: predicts that the move over the window continues. The output {@code value} is the
 * window's return, {@code last close / first close - 1}: positive means "up".
 */
public class MomentumTracker extends TrackerBase {

  @Override
  public Prediction predict(PredictionScope scope) {
    return latest(scope.subject())
        .map(data -> Prediction.of(windowReturn(data.candles())))
        .orElse(Prediction.of(0.0));
  }

  static double windowReturn(CandleWindow w) {
    double first = w.close(0);
    return first > 0 ? w.lastClose() / first - 1.0 : 0.0;
  }
}
