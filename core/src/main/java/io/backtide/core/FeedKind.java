package io.backtide.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a feed carries: aggregated candles or individual trades (stored as one-price candles). */
public enum FeedKind {
  CANDLE("candle"),
  TICK("tick");

  private final String code;

  FeedKind(String code) {
    this.code = code;
  }

  /** The lower-case name used in feed keys, storage paths and JSON. */
  public String code() {
    return code;
  }

  /**
   * Parses {@code candle} or {@code tick} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the input and the accepted values
   */
  public static FeedKind parse(String text) {
    if (text != null) {
      String wanted = text.trim().toLowerCase(Locale.ROOT);
      for (FeedKind kind : values()) {
        if (kind.code.equals(wanted)) {
          return kind;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown feed kind '" + text + "': expected one of " + accepted());
  }

  static String accepted() {
    return Arrays.stream(values()).map(FeedKind::code).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return code;
  }
}
