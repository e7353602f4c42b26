package io.backtide.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identity of a market-data feed, e.g. {@code binance/BTCUSDT/candle/1m}. The canonical string is
 * also the storage path prefix and round-trips: {@code FeedKey.parse(k.toString()).equals(k)}.
 */
public record FeedKey(String source, String subject, FeedKind kind, Granularity granularity) {

  private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public FeedKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(granularity, "granularity");
    checkSource(source);
    checkSubject(subject);
  }

  /** Convenience factory from the four parts as strings. */
  public static FeedKey of(String source, String subject, String kind, String granularity) {
    return new FeedKey(source, subject, FeedKind.parse(kind), Granularity.parse(granularity));
  }

  /**
   * Parses {@code source/subject/kind/granularity}.
   *
   * @throws IllegalArgumentException naming the bad part and what was expected
   */
  public static FeedKey parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "empty feed key: expected source/subject/kind/granularity, e.g. binance/BTCUSDT/candle/1m");
    }
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "feed key '"
              + text
              + "' has "
              + parts.length
              + " part(s): expected 4, source/subject/kind/granularity, e.g."
              + " binance/BTCUSDT/candle/1m");
    }
    try {
      return of(parts[0], parts[1], parts[2], parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("feed key '" + text + "': " + e.getMessage(), e);
    }
  }

  /** Relative storage path of this feed: the same as {@link #toString()}. */
  public String path() {
    return toString();
  }

  @Override
  public String toString() {
    return source + "/" + subject + "/" + kind.code() + "/" + granularity.code();
  }

  private static void checkSource(String source) {
    if (source == null || !SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException(
          "bad source '"
              + source
              + "': expected lower-case letters, digits, '_' or '-', starting with a letter"
              + " (e.g. binance, sim)");
    }
  }

  private static void checkSubject(String subject) {
    if (subject == null || !SUBJECT.matcher(subject).matches()) {
      throw new IllegalArgumentException(
          "bad subject '"
              + subject
              + "': expected 1-64 letters, digits, '.', '_' or '-' (e.g. BTCUSDT)");
    }
  }
}
