package io.backtide.jobs.provider;

import java.util.OptionalInt;

/** A provider failed for good: retries ran out, or it answered something that cannot be used. */
public final class ProviderException extends RuntimeException {
  private final Integer httpStatus;

  public ProviderException(String message, Integer httpStatus, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
  }

  /** The HTTP status of the last answer, when there was one. */
  public OptionalInt httpStatus() {
    return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }
}
