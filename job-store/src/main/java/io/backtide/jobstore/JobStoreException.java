package io.backtide.jobstore;

/** The job store could not be read or written (database down, schema missing, ...). */
public final class JobStoreException extends RuntimeException {
  JobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
