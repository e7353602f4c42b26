package io.backtide.control.data;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.PublishedPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Maps a request for {@code {source}/{subject}/{kind}/{granularity}/{YYYY-MM-DD}.parquet} to a file
 * under {@code published/}. Every segment is validated against the feed vocabulary before any path
 * is built, the file must be a regular file (no symlinks) and the resolved path must stay inside
 * the published folder, so no request can read anything else.
 */
public final class PublishedFiles {
  private final Path root;
  private final PublishedIndex index;

  public PublishedFiles(Path publishedDir, PublishedIndex index) {
    this.root = publishedDir.toAbsolutePath().normalize();
    this.index = index;
  }

  /**
   * The file for the request.
   *
   * @throws io.backtide.control.ApiException 400 for a malformed segment, 404 when not published
   */
  public PublishedFile find(
      String source, String subject, String kind, String granularity, String fileName) {
    FeedKey feed;
    try {
      feed = FeedKey.of(source, subject, kind, granularity);
    } catch (IllegalArgumentException e) {
      throw DataErrors.badSegment(e.getMessage());
    }
    LocalDate date =
        PublishedPath.dateOf(fileName).orElseThrow(() -> DataErrors.badFileName(fileName));
    String relative = new PublishedPath(feed, date).path();
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw DataErrors.notPublished(relative);
    }
    long size = size(file, relative);
    Optional<String> sha =
        index.entry(feed, date).filter(e -> e.sizeBytes() == size).map(IndexEntry::sha256);
    return new PublishedFile(relative, file, size, sha);
  }

  private static long size(Path file, String relative) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw DataErrors.notPublished(relative);
    }
  }
}
