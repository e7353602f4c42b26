package io.backtide.backtest.examples;

import io.backtide.backtest.CandleWindow;
import io.backtide.backtest.Prediction;
import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.TrackerBase;

/**
 * Mean reversion: predicts that the price returns towards the window's mean close. The output
 * {@code value} is {@code mean / last close - 1}: positive when the price sits below its mean. It
 * also reports the {@code zscore} of the last close, to show a multi-field output.
 */
public class MeanReversionTracker extends TrackerBase {

  @Override
  public Prediction predict(PredictionScope scope) {
    return latest(scope.subject())
        .map(data -> predictFrom(data.candles()))
        .orElse(Prediction.of(0.0));
  }

  static Prediction predictFrom(CandleWindow w) {
    int n = w.size();
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < n; i++) {
      sum += w.close(i);
      sumSquares += w.close(i) * w.close(i);
    }
    double mean = sum / n;
    double std = Math.sqrt(Math.max(0.0, sumSquares / n - mean * mean));
    double last = w.lastClose();
    double value = last > 0 ? mean / last - 1.0 : 0.0;
    double zscore = std > 0 ? (last - mean) / std : 0.0;
    var output = new java.util.LinkedHashMap<String, Object>();
    output.put(Prediction.VALUE, value);
    output.put("zscore", zscore);
    return Prediction.of(output);
  }
}
