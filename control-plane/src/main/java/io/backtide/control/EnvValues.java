package io.backtide.control;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Sizes and durations as operators write them in the environment ({@code 512m}, {@code 15m}). */
final class EnvValues {
  private EnvValues() {}

  static long size(Map<String, String> env, String name, long fallback) {
    Optional<String> text =
        Optional.ofNullable(env.get(name)).map(String::trim).filter(t -> !t.isEmpty());
    if (text.isEmpty()) {
      return fallback;
    }
    String t = text.get().toLowerCase(Locale.ROOT);
    int shift =
        switch (t.charAt(t.length() - 1)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          default -> 0;
        };
    try {
      long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
      if (n >= 0 && n <= (Long.MAX_VALUE >> shift)) {
        return n << shift;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ControlPlaneConfig.invalid(
        name, text.get(), "a size such as 512m, 2g, 100k or plain bytes");
  }

  static Duration parseDuration(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    }
    char unit = t.charAt(t.length() - 1);
    if (Character.isDigit(unit)) {
      return Duration.ofSeconds(Long.parseLong(t));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (unit) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      case 'y' -> Duration.ofDays(366 * n);
      default -> throw new IllegalArgumentException("unknown unit " + unit);
    };
  }
}
