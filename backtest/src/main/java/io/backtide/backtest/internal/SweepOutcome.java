package io.backtide.backtest.internal;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * What one sweep task sends back to the driver.
 *
 * @param set the parameter set's position in the sweep's list
 * @param metrics metrics then counts, as {@code BacktestResult.metrics()}; empty when failed
 * @param candles candles replayed
 * @param loopNanos wall time of the replay loop
 * @param executor the Spark executor that ran it ({@code driver} in local mode)
 * @param tracker the class of the tracker the factory made (its stable name), or null when failed
 * @param error why the tracker could not be made, or null (a plain field: Optional does not
 *     serialize)
 */
public record SweepOutcome(
    int set,
    Map<String, Number> metrics,
    int candles,
    long loopNanos,
    String executor,
    String tracker,
    String error)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Why the tracker could not be made; empty when the set was replayed. */
  public Optional<String> failure() {
    return Optional.ofNullable(error);
  }
}
