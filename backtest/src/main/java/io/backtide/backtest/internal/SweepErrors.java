package io.backtide.backtest.internal;

import io.backtide.backtest.BacktestException;

/**
 * The error messages of parameter sweeps (the rest of the library's are in {@link BacktestErrors}).
 */
public final class SweepErrors {

  private SweepErrors() {}

  public static BacktestException sweepFactoryFailed(
      int set, java.util.Map<String, Object> parameters, String what) {
    return new BacktestException(
        "the tracker factory "
            + what
            + " for parameter set #"
            + set
            + " "
            + parameters
            + ": fix the factory or leave that set out of the sweep");
  }

  public static IllegalArgumentException notSerializable(String what, Exception cause) {
    return new IllegalArgumentException(
        "the "
            + what
            + " cannot be shipped to Spark executors ("
            + BacktestErrors.describe(cause)
            + "): let it capture only serializable values (numbers, strings, records), e.g. a"
            + " static method reference or a lambda in a class of its own, not a notebook's or a"
            + " test's enclosing object",
        cause);
  }

  public static BacktestException sweepFailed(int sets, RuntimeException cause) {
    return new BacktestException(
        "the sweep of "
            + sets
            + " parameter set(s) failed in Spark ("
            + BacktestErrors.describe(cause)
            + "): see the executor logs; a tracker that throws is recorded, not fatal, so this is"
            + " the cluster or the factory's class path",
        cause);
  }
}
