package io.backtide.backtest;

/**
 * The price move a prediction is scored against.
 *
 * @param entryPrice close of the candle at which the prediction was made
 * @param resolvedPrice close of the first candle at or after {@code prediction time + resolveAfter}
 * @param ret simple return {@code resolvedPrice / entryPrice - 1}
 * @param directionUp true when {@code resolvedPrice > entryPrice}
 */
public record GroundTruth(
    double entryPrice, double resolvedPrice, double ret, boolean directionUp) {

  public GroundTruth {
    if (!Double.isFinite(entryPrice) || entryPrice <= 0) {
      throw new IllegalArgumentException("entryPrice must be a positive number, got " + entryPrice);
    }
    if (!Double.isFinite(resolvedPrice)) {
      throw new IllegalArgumentException("resolvedPrice must be a number, got " + resolvedPrice);
    }
  }

  /** Ground truth of a move from {@code entry} to {@code resolved}. */
  public static GroundTruth between(double entry, double resolved) {
    return new GroundTruth(entry, resolved, resolved / entry - 1.0, resolved > entry);
  }
}
