package io.backtide.jobs.testing;

import io.backtide.core.DataRoot;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every feed's {@code published/{feed}/_index.json} under a data folder, merged, for assertions.
 */
public final class PublishedIndexes {
  private PublishedIndexes() {}

  /** The entries of every feed's index, sorted by path (no feed index: none). */
  public static IndexFile all(Path dataDir) {
    Path published = DataRoot.of(dataDir).published();
    List<IndexEntry> entries = new ArrayList<>();
    if (Files.isDirectory(published)) {
      try (Stream<Path> files = Files.find(published, 5, (p, a) -> isFeedIndex(published, p))) {
        files.forEach(f -> entries.addAll(IndexFile.read(f).files()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    entries.sort(Comparator.comparing(IndexEntry::path));
    return new IndexFile(null, entries);
  }

  private static boolean isFeedIndex(Path published, Path p) {
    return p.getFileName().toString().equals(IndexFile.FILE_NAME)
        && published.relativize(p).getNameCount() == 5;
  }
}
