package io.backtide.jobs.backfill;

/** The backfill cannot go on (the message says why and what to do). */
public final class BackfillException extends RuntimeException {
  BackfillException(String message) {
    super(message);
  }
}
