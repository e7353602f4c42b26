package io.backtide.backtest;

import io.backtide.core.FeedKey;
import io.backtide.core.PublishedPath;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One cached daily file of a feed: the unit a backtest reads and the unit of its data version.
 *
 * @param feed the feed
 * @param date the UTC day
 * @param path the local file
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 */
public record DataFile(FeedKey feed, LocalDate date, Path path, String sha256) {

  public DataFile {
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** The path relative to the cache root, as the coordinator names it. */
  public String relativePath() {
    return new PublishedPath(feed, date).path();
  }
}
