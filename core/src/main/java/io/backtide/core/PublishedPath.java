package io.backtide.core;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one published day of a feed lives, relative to {@code published/} (and to a client's
 * cache): {@code {source}/{subject}/{kind}/{granularity}/{YYYY-MM-DD}.parquet}, the path in {@link
 * IndexEntry#path()} and in {@code GET /data/backfill/{path}}.
 */
public record PublishedPath(FeedKey feed, LocalDate date) {
  /** The file name's ending. */
  public static final String SUFFIX = ".parquet";

  private static final Pattern FILE_NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.parquet");

  public PublishedPath {
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(date, "date");
  }

  /** The day's file name, {@code YYYY-MM-DD.parquet}. */
  public static String fileName(LocalDate date) {
    return date + SUFFIX;
  }

  /** The day of a file name {@code YYYY-MM-DD.parquet}; empty for any other name. */
  public static Optional<LocalDate> dateOf(String fileName) {
    Matcher m = FILE_NAME.matcher(fileName == null ? "" : fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(m.group(1)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The file's name, {@code YYYY-MM-DD.parquet}. */
  public String fileName() {
    return fileName(date);
  }

  /** The relative path, {@code binance/BTCUSDT/candle/1m/2026-01-01.parquet}. */
  public String path() {
    return feed.path() + "/" + fileName();
  }

  @Override
  public String toString() {
    return path();
  }
}
