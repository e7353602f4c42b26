package io.backtide.backtest.internal;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code BacktestClient.pull} downloaded for one feed, kept in the cache as {@code
 * {cache}/_manifests/{source}/{subject}/{kind}/{granularity}.json} (outside the feed's folder,
 * which holds only day files). It has the published index's format ({@link IndexFile}): per day the
 * coordinator's entry (sha256, size, records, first/last ts, table version) of the file that was
 * verified and written. The runner checks every file it reads against it, offline. Written through
 * a temp file and an atomic rename; when two pulls of the same feed race, the last one wins and the
 * other's days read as unverified, never as wrong.
 */
public final class CacheManifest {

  public static final String FOLDER = "_manifests";

  private CacheManifest() {}

  public static Path path(CacheLayout cache, FeedKey feed) {
    return cache.root().resolve(FOLDER).resolve(feed.path() + ".json");
  }

  /** The recorded entries by day; empty when the feed was never pulled (files copied by hand). */
  public static Map<LocalDate, IndexEntry> read(CacheLayout cache, FeedKey feed) {
    Map<LocalDate, IndexEntry> byDay = new TreeMap<>();
    for (IndexEntry e : manifest(path(cache, feed)).files()) {
      byDay.put(LocalDate.parse(e.date()), e);
    }
    return byDay;
  }

  /** Records {@code pulled} (the entries of files now in the cache), keeping the other days. */
  public static void record(CacheLayout cache, FeedKey feed, Collection<IndexEntry> pulled) {
    Path file = path(cache, feed);
    try {
      Files.createDirectories(file.getParent());
      manifest(file).with(pulled, Instant.now()).writeAtomically(file);
    } catch (IOException | UncheckedIOException e) {
      throw BacktestErrors.cacheIo(file, e);
    }
  }

  private static IndexFile manifest(Path file) {
    try {
      return IndexFile.read(file);
    } catch (RuntimeException e) {
      throw BacktestErrors.badManifest(file, e);
    }
  }
}
