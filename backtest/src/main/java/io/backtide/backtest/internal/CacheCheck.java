package io.backtide.backtest.internal;

import io.backtide.backtest.BacktestException;
import io.backtide.backtest.DataFile;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Checks the cached files of a run before anything reads them. Each file of a requested day must
 * match what {@code pull} recorded in the {@link CacheManifest}: the size first (cheap, and enough
 * for an empty or truncated file), then the SHA-256 of the whole file, which catches any changed
 * byte. Hashing is the sound check and costs little next to reading the file through Spark (a day
 * of 1s, ~3 MB, hashes in a few ms), so there is no cheaper shortcut such as trusting mtimes. Files
 * run in parallel. A file without a manifest entry (copied in by hand) is read but reported as
 * unverified; an empty file is always an error, because Spark would skip it without a word.
 */
public final class CacheCheck {

  /**
   * The outcome for a range.
   *
   * @param files every cached file of the range's days, verified or not, oldest first
   * @param unverified those of {@code files} that the manifest does not list
   * @param missing the range's days without a cached file
   */
  public record Result(List<DataFile> files, List<DataFile> unverified, List<LocalDate> missing) {
    public Result {
      files = List.copyOf(files);
      unverified = List.copyOf(unverified);
      missing = List.copyOf(missing);
    }
  }

  private CacheCheck() {}

  /**
   * Checks the cached files of {@code days}.
   *
   * @throws BacktestException naming the file and the fix when one is empty, truncated or changed
   */
  public static Result check(CacheLayout cache, FeedKey feed, List<LocalDate> days) {
    Map<LocalDate, IndexEntry> manifest = CacheManifest.read(cache, feed);
    List<LocalDate> present = new ArrayList<>();
    List<LocalDate> missing = new ArrayList<>();
    for (LocalDate day : days) {
      (Files.isRegularFile(cache.file(feed, day)) ? present : missing).add(day);
    }
    Object[] outcomes = new Object[present.size()];
    IntStream.range(0, outcomes.length)
        .parallel()
        .forEach(i -> outcomes[i] = outcome(cache, feed, present.get(i), manifest));
    List<DataFile> files = new ArrayList<>();
    List<DataFile> unverified = new ArrayList<>();
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i] instanceof BacktestException e) {
        throw e;
      }
      DataFile file = (DataFile) outcomes[i];
      files.add(file);
      if (!manifest.containsKey(file.date())) {
        unverified.add(file);
      }
    }
    return new Result(files, unverified, missing);
  }

  /** The checked file, or the error about it (thrown in day order by the caller). */
  private static Object outcome(
      CacheLayout cache, FeedKey feed, LocalDate day, Map<LocalDate, IndexEntry> manifest) {
    try {
      return checked(cache, feed, day, manifest.get(day));
    } catch (BacktestException e) {
      return e;
    }
  }

  private static DataFile checked(CacheLayout cache, FeedKey feed, LocalDate day, IndexEntry e) {
    Path file = cache.file(feed, day);
    try {
      long size = Files.size(file);
      String pulled = e == null ? "" : "; it was pulled with " + e.sizeBytes() + " bytes";
      if (size == 0) {
        throw BacktestErrors.damagedCacheFile(file, feed, day, "is empty (0 bytes" + pulled + ")");
      }
      if (e != null && size != e.sizeBytes()) {
        String problem = size < e.sizeBytes() ? "is truncated" : "has changed since it was pulled";
        throw BacktestErrors.damagedCacheFile(
            file, feed, day, problem + " (" + size + " bytes" + pulled + ")");
      }
      String sha256 = Sha256.of(file);
      if (e != null && !sha256.equalsIgnoreCase(e.sha256())) {
        throw BacktestErrors.damagedCacheFile(
            file,
            feed,
            day,
            "has changed since it was pulled (sha256 "
                + sha256
                + ", pulled as "
                + e.sha256()
                + ")");
      }
      return new DataFile(feed, day, file, sha256);
    } catch (IOException ex) {
      throw BacktestErrors.cacheIo(file, ex);
    }
  }
}
