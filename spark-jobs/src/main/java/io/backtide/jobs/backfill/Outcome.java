package io.backtide.jobs.backfill;

/** How a run ended; the process exit code follows from it. */
public enum Outcome {
  COMPLETED(0),
  CANCELLED(0),
  FAILED(1);

  private final int exitCode;

  Outcome(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
