package io.backtide.backtest;

/**
 * A backtest could not go on because of the current state of the outside world (coordinator
 * unreachable, no data, corrupt download, unreadable cache). The message says what to do. Settings
 * that are always wrong throw {@link IllegalArgumentException} instead.
 */
public class BacktestException extends RuntimeException {

  public BacktestException(String message) {
    super(message);
  }

  public BacktestException(String message, Throwable cause) {
    super(message, cause);
  }
}
