package io.backtide.backtest.examples;

import io.backtide.backtest.CandleWindow;
import io.backtide.backtest.Prediction;
import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.TrackerBase;

/**
 * Volatility regime: follows the trend when the market is calm and fades it when it is wild.
 * Volatility is the standard deviation of one-candle log returns over the window; the recent half
 * of the window is compared with the whole: the regime is wild when the recent volatility exceeds
 * {@link #WILD_RATIO} times the whole window's, calm otherwise. In a calm regime the output {@code
 * value} is the recent return; in a wild regime it is minus that. The output also carries {@code
 * volatility} and {@code regime} ({@code "calm"} or {@code "wild"}).
 */
public class VolatilityRegimeTracker extends TrackerBase {

  /** Recent-to-whole volatility ratio above which the regime is wild. */
  public static final double WILD_RATIO = 1.25;

  /** Volatility below this is rounding noise (a perfectly steady series), not a regime. */
  private static final double NOISE = 1e-9;

  @Override
  public Prediction predict(PredictionScope scope) {
    return latest(scope.subject())
        .map(data -> predictFrom(data.candles()))
        .orElse(Prediction.of(0.0));
  }

  static Prediction predictFrom(CandleWindow w) {
    int n = w.size();
    if (n < 4) {
      return Prediction.of(0.0);
    }
    double whole = volatility(w, 0, n);
    double recent = volatility(w, n / 2, n);
    double recentReturn = w.lastClose() / w.close(n / 2) - 1.0;
    boolean calm = recent <= WILD_RATIO * whole + NOISE;
    var output = new java.util.LinkedHashMap<String, Object>();
    output.put(Prediction.VALUE, calm ? recentReturn : -recentReturn);
    output.put("volatility", recent);
    output.put("regime", calm ? "calm" : "wild");
    return Prediction.of(output);
  }

  /** Population standard deviation of log returns between candles {@code from .. to-1}. */
  static double volatility(CandleWindow w, int from, int to) {
    int k = 0;
    double sum = 0;
    double sumSquares = 0;
    for (int i = from + 1; i < to; i++) {
      double r = Math.log(w.close(i) / w.close(i - 1));
      if (Double.isFinite(r)) {
        sum += r;
        sumSquares += r * r;
        k++;
      }
    }
    if (k == 0) {
      return 0.0;
    }
    double mean = sum / k;
    return Math.sqrt(Math.max(0.0, sumSquares / k - mean * mean));
  }
}
