package io.backtide.backtest.internal;

import io.backtide.backtest.DataFile;
import io.backtide.core.FeedKey;
import io.backtide.core.PublishedPath;
import io.backtide.core.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The local cache: {@code {root}/{source}/{subject}/{kind}/{granularity}/YYYY-MM-DD.parquet}, the
 * same relative paths as the coordinator's. Files only ever appear through a temp file and an
 * atomic rename, so a reader never sees half a file.
 */
public final class CacheLayout {

  private final Path root;

  public CacheLayout(Path root) {
    this.root = Objects.requireNonNull(root, "cacheDir").toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path file(FeedKey feed, LocalDate date) {
    return root.resolve(new PublishedPath(feed, date).path());
  }

  /** Cached days of {@code feed}, oldest first, each with the SHA-256 of the file's bytes. */
  public List<DataFile> list(FeedKey feed) {
    Path folder = root.resolve(feed.path());
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<DataFile> files = new ArrayList<>();
    try (Stream<Path> children = Files.list(folder)) {
      for (Path p : children.toList()) {
        PublishedPath.dateOf(p.getFileName().toString())
            .ifPresent(d -> files.add(describe(feed, d, p)));
      }
    } catch (IOException e) {
      throw BacktestErrors.cacheIo(folder, e);
    }
    files.sort(Comparator.comparing(DataFile::date));
    return List.copyOf(files);
  }

  /**
   * The cached days of {@code feed} among {@code days}, oldest first, each with its hash: only
   * those files are looked at, however many other days the cache holds.
   */
  public List<DataFile> list(FeedKey feed, java.util.Collection<LocalDate> days) {
    List<DataFile> files = new ArrayList<>();
    for (LocalDate day : new java.util.TreeSet<>(days)) {
      Path file = file(feed, day);
      if (Files.isRegularFile(file)) {
        files.add(describe(feed, day, file));
      }
    }
    return List.copyOf(files);
  }

  /** The cached file of one day with its hash. */
  public DataFile describe(FeedKey feed, LocalDate date, Path file) {
    try {
      return new DataFile(feed, date, file, Sha256.of(file));
    } catch (IOException e) {
      throw BacktestErrors.cacheIo(file, e);
    }
  }

  /** Writes {@code bytes} as the day's file through a temp file in the same folder + rename. */
  public Path write(FeedKey feed, LocalDate date, byte[] bytes) {
    Path target = file(feed, date);
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), "." + date, ".tmp");
      Files.write(temp, bytes);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw BacktestErrors.cacheIo(target, e);
    }
  }

  /**
   * A new hidden temp file next to the day's file, for a download in progress; {@link #list}
   * ignores it and {@link #commit} renames it into place.
   */
  public Path tempFile(FeedKey feed, LocalDate date) {
    Path target = file(feed, date);
    try {
      Files.createDirectories(target.getParent());
      return Files.createTempFile(target.getParent(), "." + date, ".tmp");
    } catch (IOException e) {
      throw BacktestErrors.cacheIo(target, e);
    }
  }

  /** Renames a finished {@link #tempFile} atomically into the day's file. */
  public Path commit(Path temp, FeedKey feed, LocalDate date) {
    Path target = file(feed, date);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw BacktestErrors.cacheIo(target, e);
    }
  }

  /** Removes a temp file that will not be committed. */
  public void discard(Path temp) {
    deleteQuietly(temp);
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // the temp file is hidden and ignored by list(); nothing more to do
      }
    }
  }
}
