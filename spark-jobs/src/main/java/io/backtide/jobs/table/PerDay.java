package io.backtide.jobs.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Runs one file-writing task per day on the machine's cores (a commit of several days writes their
 * files side by side), keeping the days' order in the result.
 */
public final class PerDay {
  /** A task on one day that may fail with an I/O error. */
  public interface Task<V, R> {
    R run(LocalDate day, V value) throws IOException;
  }

  private PerDay() {}

  public static <V, R> List<R> map(Map<LocalDate, V> days, Task<V, R> task) throws IOException {
    try {
      return days.entrySet().parallelStream()
          .map(
              day -> {
                try {
                  return task.run(day.getKey(), day.getValue());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
