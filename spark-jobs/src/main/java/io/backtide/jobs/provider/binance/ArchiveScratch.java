package io.backtide.jobs.provider.binance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder where one source's downloaded archive files wait while they are read: made on the
 * first download under the settings' scratch folder, removed with whatever is left in it when the
 * source closes (files downloaded ahead and never read, a cancelled job's). A file that has been
 * read is deleted at once ({@link ArchiveFile#delete}). The folder's name holds the JVM's process
 * id, so that the folders a killed job left behind (whose process is gone) are removed by the next
 * source that makes one there, never those of a job still running. Thread-safe: files download on
 * several threads.
 */
final class ArchiveScratch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveScratch.class);
  private static final String PREFIX = "archive-";

  private final Path root;
  private Path dir;
  private boolean closed;

  ArchiveScratch(Path root) {
    this.root = root;
  }

  /**
   * Where the file {@code name} is downloaded to.
   *
   * @throws IllegalStateException after {@link #close()} (a download racing a closed source would
   *     otherwise leave a new folder behind)
   */
  synchronized Path file(String name) {
    if (closed) {
      throw new IllegalStateException("the source is closed: " + name + " is not downloaded");
    }
    if (dir == null) {
      try {
        Files.createDirectories(root);
        removeLeftovers();
        dir = Files.createTempDirectory(root, PREFIX + ProcessHandle.current().pid() + "-");
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot make a folder for archive downloads under " + root + ": " + e, e);
      }
    }
    return dir.resolve(name);
  }

  /** Removes the folder and what is left in it. */
  @Override
  public synchronized void close() {
    closed = true;
    if (dir != null) {
      remove(dir);
      dir = null;
    }
  }

  /** Removes the folders of processes that are gone (a job killed while it downloaded). */
  private void removeLeftovers() throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      dirs.filter(d -> ownerGone(d.getFileName().toString())).forEach(ArchiveScratch::remove);
    }
  }

  private static boolean ownerGone(String name) {
    if (!name.startsWith(PREFIX)) {
      return false;
    }
    int dash = name.indexOf('-', PREFIX.length());
    try {
      long pid = Long.parseLong(name.substring(PREFIX.length(), dash < 0 ? name.length() : dash));
      return ProcessHandle.of(pid).isEmpty();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void remove(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(ArchiveScratch::deleteQuietly);
    } catch (IOException e) {
      LOG.warn("could not remove the archive downloads in {}: {}", folder, e.toString());
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", file, e.toString());
    }
  }
}
