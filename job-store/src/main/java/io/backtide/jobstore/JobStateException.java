package io.backtide.jobstore;

import java.util.UUID;

/** The job is unknown, or its status does not allow what was asked. */
public final class JobStateException extends RuntimeException {
  private final boolean notFound;

  private JobStateException(String message, boolean notFound) {
    super(message);
    this.notFound = notFound;
  }

  static JobStateException notFound(UUID id) {
    return new JobStateException("no backfill job with id " + id, true);
  }

  static JobStateException notActive(BackfillJob job) {
    return new JobStateException(
        "job " + job.id() + " is " + job.status().code() + ", not pending or running", false);
  }

  static JobStateException notResumable(BackfillJob job) {
    return new JobStateException(
        "job "
            + job.id()
            + " is "
            + job.status().code()
            + ": only a failed or cancelled job can be resumed",
        false);
  }

  /** True when the job does not exist (HTTP 404), false for a state clash (HTTP 409). */
  public boolean isNotFound() {
    return notFound;
  }
}
