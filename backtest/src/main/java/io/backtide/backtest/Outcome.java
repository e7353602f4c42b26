package io.backtide.backtest;

/** What became of one prediction. */
public enum Outcome {
  /** Ground truth resolved and the scorer returned a successful score. */
  SCORED,
  /**
   * No usable resolution price: no candle at or after the target, the next candle lies more than
   * {@code maxResolveLag} after it (a data gap), or the entry or resolved price is missing/NaN.
   */
  UNRESOLVED,
  /** The tracker threw or returned null, or the scorer threw or reported a failure. */
  FAILED;

  /** Lower-case name used in Spark columns and reports. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
