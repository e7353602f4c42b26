package io.backtide.backtest;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One prediction of a backtest with its ground truth and score: the element of {@link
 * BacktestResult#predictionList()}, and one row of {@link BacktestResult#predictions()}. Missing
 * numbers are {@code NaN} here and {@code null} in the Spark view.
 *
 * @param ts time of the candle the prediction was made at (its open time, UTC)
 * @param output the tracker's output fields; empty when the tracker failed
 * @param value the output's {@link Prediction#signal() signal}, NaN when it has none
 * @param entryPrice close at {@code ts}
 * @param resolvedPrice close of the resolving candle, NaN when unresolved
 * @param ret {@code resolvedPrice / entryPrice - 1}, NaN when unresolved
 * @param score the scorer's value, NaN unless {@code outcome == SCORED}
 * @param outcome scored, unresolved or failed
 * @param failedReason why it was not scored; empty when scored
 */
public record PredictionRow(
    Instant ts,
    Map<String, Object> output,
    double value,
    double entryPrice,
    double resolvedPrice,
    double ret,
    double score,
    Outcome outcome,
    Optional<String> failedReason) {

  public PredictionRow {
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(failedReason, "failedReason");
  }

  /** True when the prediction was scored. */
  public boolean success() {
    return outcome == Outcome.SCORED;
  }
}
