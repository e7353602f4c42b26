package io.backtide.backtest.internal;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The download half of a pull: makes the cache hold each day of an index, several days at once,
 * downloading only those missing locally or whose SHA-256 differs from the index. A cached day is
 * compared without reading it when its {@link VerifiedStamps stamp} shows it unchanged since it was
 * verified as the index's SHA-256 (as the runner's {@link CacheCheck} does): on a year of 1s (1.4
 * GB) hashing every cached day is seconds of every pull. Every download is verified against the
 * index before it enters the cache (one retry, then an error). The first day that fails stops the
 * downloads still running, and the pull returns once they have removed their temp files.
 */
public final class DayDownloads {
  private static final Logger LOG = LoggerFactory.getLogger(DayDownloads.class);

  /** How often a long pull says how far it is. */
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  /** How long a stopped pull waits for its interrupted downloads to clean up. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /**
   * What a pull did.
   *
   * @param downloaded days downloaded
   * @param hashed cached days hashed to compare them with the index (the others were unchanged
   *     since a verified hash, or downloaded)
   */
  public record Outcome(int downloaded, int hashed) {}

  /** One day's outcome; {@code stamp} is what to record for it (null: nothing). */
  private record Day(LocalDate date, boolean downloaded, boolean hashed, String stamp) {}

  private DayDownloads() {}

  /**
   * Makes the cache hold each of {@code entries}, {@code parallel} days at once ({@code force}:
   * downloads every one again). The first failure stops the rest (their temp files go) and is
   * thrown as it is.
   */
  public static Outcome sync(
      CoordinatorHttp coordinator,
      CacheLayout cache,
      FeedKey feed,
      List<IndexEntry> entries,
      boolean force,
      int parallel) {
    if (entries.isEmpty()) {
      return new Outcome(0, 0);
    }
    Map<LocalDate, String> stamps = VerifiedStamps.read(cache, feed);
    long started = System.currentTimeMillis();
    int threads = Math.min(parallel, entries.size());
    AtomicInteger named = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "backtide-pull-" + named.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Day>> futures = new ArrayList<>(entries.size());
      for (IndexEntry entry : entries) {
        LocalDate date = LocalDate.parse(entry.date());
        futures.add(
            pool.submit(
                () -> fetch(coordinator, cache, feed, entry, force, stamps.get(date), started)));
      }
      Map<LocalDate, String> newStamps = new TreeMap<>(stamps);
      int downloaded = 0;
      int hashed = 0;
      long nextLog = System.nanoTime() + PROGRESS_EVERY.toNanos();
      for (int i = 0; i < futures.size(); i++) {
        Day day = BacktestErrors.await(futures.get(i), "pulling the day files");
        downloaded += day.downloaded() ? 1 : 0;
        hashed += day.hashed() ? 1 : 0;
        if (day.stamp() != null) {
          newStamps.put(day.date(), day.stamp());
        } else {
          newStamps.remove(day.date());
        }
        if (System.nanoTime() >= nextLog && i + 1 < futures.size()) {
          LOG.info("{}: {} of {} day(s) pulled", feed, i + 1, futures.size());
          nextLog = System.nanoTime() + PROGRESS_EVERY.toNanos();
        }
      }
      if (!newStamps.equals(stamps)) {
        VerifiedStamps.write(cache, feed, newStamps);
      }
      return new Outcome(downloaded, hashed);
    } finally {
      stop(pool);
    }
  }

  /**
   * Interrupts the downloads still running and waits (a while) until they have removed their temp
   * files: a pull that failed returns with nothing of its own left behind.
   */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("downloads still running {} after the pull stopped them", STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Downloads the day of {@code entry} unless the cache holds it already. */
  private static Day fetch(
      CoordinatorHttp coordinator,
      CacheLayout cache,
      FeedKey feed,
      IndexEntry entry,
      boolean force,
      String recorded,
      long started) {
    LocalDate date = LocalDate.parse(entry.date());
    Path local = cache.file(feed, date);
    boolean hashed = false;
    if (!force && Files.isRegularFile(local)) {
      try {
        VerifiedStamps.Verified v = VerifiedStamps.verify(local, entry.sha256(), recorded, started);
        if (v.matches(entry.sha256())) {
          return new Day(date, false, v.hashed(), v.stamp());
        }
        hashed = v.hashed();
      } catch (IOException e) {
        throw BacktestErrors.cacheIo(local, e);
      }
    }
    download(coordinator, cache, feed, date, entry);
    return new Day(date, true, hashed, null);
  }

  private static void download(
      CoordinatorHttp coordinator,
      CacheLayout cache,
      FeedKey feed,
      LocalDate date,
      IndexEntry entry) {
    String actual = "";
    Path temp = cache.tempFile(feed, date);
    try {
      for (int attempt = 1; attempt <= 2; attempt++) {
        coordinator.download(entry.path(), entry.sizeBytes(), temp);
        actual = sha256(temp);
        if (actual.equalsIgnoreCase(entry.sha256())) {
          cache.commit(temp, feed, date);
          return;
        }
        LOG.warn(
            "{}: download of {} has sha256 {}, expected {}",
            feed,
            entry.path(),
            actual,
            entry.sha256());
      }
    } finally {
      cache.discard(temp);
    }
    throw BacktestErrors.corruptDownload(
        entry.path(), coordinator.fileUrl(entry.path()), entry.sha256(), actual);
  }

  private static String sha256(Path file) {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw BacktestErrors.cacheIo(file, e);
    }
  }
}
