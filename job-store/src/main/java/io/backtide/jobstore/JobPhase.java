package io.backtide.jobstore;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a running job is doing now: starting (the Spark session, before the first page), fetching
 * pages, committing a batch, or waiting to retry a failed request. The lower-case code is what the
 * database and JSON hold.
 */
public enum JobPhase {
  STARTING,
  FETCHING,
  COMMITTING,
  RETRYING;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a phase code such as {@code fetching}.
   *
   * @throws IllegalArgumentException naming the input and the accepted codes
   */
  public static JobPhase parse(String text) {
    for (JobPhase p : values()) {
      if (p.code().equals(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown job phase '"
            + text
            + "': expected one of "
            + Arrays.stream(values()).map(JobPhase::code).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return code();
  }
}
