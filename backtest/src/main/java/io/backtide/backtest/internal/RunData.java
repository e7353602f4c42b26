package io.backtide.backtest.internal;

import io.backtide.backtest.DataFile;
import java.time.LocalDate;
import java.util.List;

/**
 * The data side of a result.
 *
 * @param files the day files read, oldest first
 * @param unverified those of {@code files} that no pull manifest lists
 * @param missingDays days of the range without a file (only with {@code allowMissingDays()})
 * @param fingerprint see {@link Fingerprint}
 */
public record RunData(
    List<DataFile> files,
    List<DataFile> unverified,
    List<LocalDate> missingDays,
    String fingerprint) {

  public RunData {
    files = List.copyOf(files);
    unverified = List.copyOf(unverified);
    missingDays = List.copyOf(missingDays);
  }
}
