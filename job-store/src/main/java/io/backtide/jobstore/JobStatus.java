package io.backtide.jobstore;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Life cycle of a backfill job; the lower-case code is what the database and JSON hold. */
public enum JobStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Pending and running jobs are active: at most one exists at a time. */
  public boolean isActive() {
    return this == PENDING || this == RUNNING;
  }

  /**
   * Parses a status code such as {@code running}.
   *
   * @throws IllegalArgumentException naming the input and the accepted codes
   */
  public static JobStatus parse(String text) {
    for (JobStatus s : values()) {
      if (s.code().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown job status '"
            + text
            + "': expected one of "
            + Arrays.stream(values()).map(JobStatus::code).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return code();
  }
}
