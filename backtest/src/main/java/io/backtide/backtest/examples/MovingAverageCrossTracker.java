package io.backtide.backtest.examples;

import io.backtide.backtest.CandleWindow;
import io.backtide.backtest.Parameters;
import io.backtide.backtest.Prediction;
import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.TrackerBase;
import io.backtide.backtest.TrackerFactory;

/**
 * Moving-average cross, the classic tracker to sweep: the output {@code value} is {@code fast mean
 * close / slow mean close - 1} over the last {@code fast} and {@code slow} candles of the window
 * (positive means "up"). While the window holds fewer than {@code slow} candles, or a mean is not
 * positive, it predicts 0.
 */
public class MovingAverageCrossTracker extends TrackerBase {

  private final int fast;
  private final int slow;

  /**
   * @throws IllegalArgumentException unless {@code 1 <= fast < slow}
   */
  public MovingAverageCrossTracker(int fast, int slow) {
    if (fast < 1 || fast >= slow) {
      throw new IllegalArgumentException(
          "fast " + fast + " and slow " + slow + ": expected 1 <= fast < slow (in candles)");
    }
    this.fast = fast;
    this.slow = slow;
  }

  /**
   * A factory for {@code BacktestSweep}: reads the int parameters {@code fast} and {@code slow}.
   * Set the sweep's window to at least the largest {@code slow}.
   */
  public static TrackerFactory factory() {
    return p ->
        new MovingAverageCrossTracker(
            Parameters.intValue(p, "fast"), Parameters.intValue(p, "slow"));
  }

  @Override
  public Prediction predict(PredictionScope scope) {
    return latest(scope.subject())
        .map(data -> Prediction.of(cross(data.candles())))
        .orElse(Prediction.of(0.0));
  }

  private double cross(CandleWindow w) {
    int n = w.size();
    if (n < slow) {
      return 0.0;
    }
    double fastMean = mean(w, n - fast, n);
    double slowMean = mean(w, n - slow, n);
    return fastMean > 0 && slowMean > 0 ? fastMean / slowMean - 1.0 : 0.0;
  }

  private static double mean(CandleWindow w, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += w.close(i);
    }
    return sum / (to - from);
  }
}
