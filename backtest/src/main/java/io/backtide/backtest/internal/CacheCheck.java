package io.backtide.backtest.internal;

import io.backtide.backtest.BacktestException;
import io.backtide.backtest.DataFile;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Checks the cached files of a run before anything reads them. Each file of a requested day must
 * match what {@code pull} recorded in the {@link CacheManifest}: the size first (cheap, and enough
 * for an empty or truncated file), then the SHA-256 of the whole file, which catches any changed
 * byte. A file whose SHA-256 matched on an earlier run and whose {@link VerifiedStamps stamp}
 * (size, mtime, ctime, inode) is unchanged since is not hashed again: nothing has written it since,
 * and on a year of 1s (1.4 GB) hashing is seconds of every run. Files run in parallel. A file
 * without a manifest entry (copied in by hand) is hashed every time, read, and reported as
 * unverified; an empty file is always an error, because Spark would skip it without a word.
 */
public final class CacheCheck {

  /**
   * The outcome for a range.
   *
   * @param files every cached file of the range's days, verified or not, oldest first
   * @param unverified those of {@code files} that the manifest does not list
   * @param missing the range's days without a cached file
   * @param hashed how many files were hashed (the others were unchanged since a verified hash)
   */
  public record Result(
      List<DataFile> files, List<DataFile> unverified, List<LocalDate> missing, int hashed) {
    public Result {
      files = List.copyOf(files);
      unverified = List.copyOf(unverified);
      missing = List.copyOf(missing);
    }
  }

  /** One checked file; {@code stamp} is what to record for it (null: nothing). */
  private record Checked(DataFile file, String stamp, boolean hashed) {}

  private CacheCheck() {}

  /**
   * Checks the cached files of {@code days}.
   *
   * @throws BacktestException naming the file and the fix when one is empty, truncated or changed
   */
  public static Result check(CacheLayout cache, FeedKey feed, List<LocalDate> days) {
    Map<LocalDate, IndexEntry> manifest = CacheManifest.read(cache, feed);
    Map<LocalDate, String> stamps = VerifiedStamps.read(cache, feed);
    List<LocalDate> present = new ArrayList<>();
    List<LocalDate> missing = new ArrayList<>();
    for (LocalDate day : days) {
      (Files.isRegularFile(cache.file(feed, day)) ? present : missing).add(day);
    }
    long started = System.currentTimeMillis();
    Object[] outcomes = new Object[present.size()];
    IntStream.range(0, outcomes.length)
        .parallel()
        .forEach(
            i -> outcomes[i] = outcome(cache, feed, present.get(i), manifest, stamps, started));
    List<DataFile> files = new ArrayList<>();
    List<DataFile> unverified = new ArrayList<>();
    Map<LocalDate, String> newStamps = new TreeMap<>(stamps);
    int hashed = 0;
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i] instanceof BacktestException e) {
        throw e;
      }
      Checked c = (Checked) outcomes[i];
      files.add(c.file());
      hashed += c.hashed() ? 1 : 0;
      if (!manifest.containsKey(c.file().date())) {
        unverified.add(c.file());
      }
      if (c.stamp() != null) {
        newStamps.put(c.file().date(), c.stamp());
      } else {
        newStamps.remove(c.file().date());
      }
    }
    if (!newStamps.equals(stamps)) {
      VerifiedStamps.write(cache, feed, newStamps);
    }
    return new Result(files, unverified, missing, hashed);
  }

  /** The checked file, or the error about it (thrown in day order by the caller). */
  private static Object outcome(
      CacheLayout cache,
      FeedKey feed,
      LocalDate day,
      Map<LocalDate, IndexEntry> manifest,
      Map<LocalDate, String> stamps,
      long started) {
    try {
      return checked(cache, feed, day, manifest.get(day), stamps.get(day), started);
    } catch (BacktestException e) {
      return e;
    }
  }

  private static Checked checked(
      CacheLayout cache, FeedKey feed, LocalDate day, IndexEntry e, String stamp, long started) {
    Path file = cache.file(feed, day);
    try {
      checkSize(file, feed, day, e);
      if (e == null) {
        return new Checked(new DataFile(feed, day, file, Sha256.of(file)), null, true);
      }
      VerifiedStamps.Verified v = VerifiedStamps.verify(file, e.sha256(), stamp, started);
      if (!v.matches(e.sha256())) {
        throw BacktestErrors.damagedCacheFile(
            file,
            feed,
            day,
            "has changed since it was pulled (sha256 "
                + v.sha256()
                + ", pulled as "
                + e.sha256()
                + ")");
      }
      return new Checked(new DataFile(feed, day, file, e.sha256()), v.stamp(), v.hashed());
    } catch (IOException ex) {
      throw BacktestErrors.cacheIo(file, ex);
    }
  }

  private static void checkSize(Path file, FeedKey feed, LocalDate day, IndexEntry e)
      throws IOException {
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
  }
}
