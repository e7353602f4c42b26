package io.backtide.control.backfill;

import java.util.Objects;

/**
 * A backfill request that cannot be served, with what kind of problem it is. The service says what
 * went wrong; the HTTP layer ({@code ErrorMapping}) chooses the status code for each {@link
 * Reason}.
 */
public final class BackfillException extends RuntimeException {
  /** What kind of problem: each maps to one HTTP status in the error mapping. */
  public enum Reason {
    /** The request is malformed or names values that are not accepted. */
    INVALID_REQUEST,
    /** No job has the given id. */
    UNKNOWN_JOB,
    /** No job can be launched now (the Spark job is not built, or its process did not start). */
    CANNOT_LAUNCH
  }

  private final Reason reason;

  BackfillException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
