package io.backtide.jobs.table;

import java.util.StringJoiner;

/**
 * Durations of the phases of one operation, for a log line: {@code lap("stage")} ends the phase
 * that ran since the previous lap, and {@link #toString()} reads {@code stage 12 merge 340} (ms).
 */
final class PhaseTimer {
  private final StringJoiner phases = new StringJoiner(" ");
  private long last = System.nanoTime();

  /** Ends the current phase under {@code name}. */
  PhaseTimer lap(String name) {
    long now = System.nanoTime();
    phases.add(name + " " + (now - last) / 1_000_000);
    last = now;
    return this;
  }

  @Override
  public String toString() {
    return phases.toString();
  }
}
