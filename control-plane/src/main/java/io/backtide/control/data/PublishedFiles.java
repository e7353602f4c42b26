package io.backtide.control.data;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps a request for {@code {source}/{subject}/{kind}/{granularity}/{YYYY-MM-DD}.parquet} to a file
 * under {@code published/}. Every segment is validated against the feed vocabulary before any path
 * is built, the file must be a regular file (no symlinks) and the resolved path must stay inside
 * the published folder, so no request can read anything else.
 */
public final class PublishedFiles {
  private static final Pattern FILE_NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.parquet");

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
    LocalDate date = date(fileName);
    String relative = feed.path() + "/" + date + ".parquet";
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw DataErrors.notPublished(relative);
    }
    long size = size(file, relative);
    Optional<String> sha =
        index.entry(feed, date).filter(e -> e.sizeBytes() == size).map(IndexEntry::sha256);
    return new PublishedFile(relative, file, size, sha);
  }

  private static LocalDate date(String fileName) {
    var m = FILE_NAME.matcher(fileName == null ? "" : fileName);
    if (!m.matches()) {
      throw DataErrors.badFileName(fileName);
    }
    try {
      return TimeRange.parseDate("date", m.group(1));
    } catch (IllegalArgumentException e) {
      throw DataErrors.badFileName(fileName);
    }
  }

  private static long size(Path file, String relative) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw DataErrors.notPublished(relative);
    }
  }
}
