package io.backtide.jobs.provider.binance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * Decimal text as Binance writes it ({@code "42283.58000000"}), read without allocating: the hot
 * loop of an archive day parses about a million of these a second.
 */
final class Decimals {
  private static final double[] POW10 = new double[23];
  private static final long MAX_EXACT = 1L << 53;

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private Decimals() {}

  /**
   * The double nearest to {@code text[from, to)}, exactly as {@link Double#parseDouble} gives it:
   * plain decimals with at most 15 significant digits and 22 decimals are an exact integer divided
   * by an exact power of ten (one correctly rounded division); anything else (16 or 17 significant
   * digits, as a large quote volume or a price printed from a double has) goes to Jackson's fast
   * parser (FastDoubleParser, correctly rounded like {@code parseDouble}, several times faster on
   * long mantissas).
   *
   * @throws NumberFormatException when the text is not a number
   */
  static double parse(String text, int from, int to) {
    return parse(latin1(text, from, to), 0, to - from);
  }

  /** {@link #parse(String, int, int)} of ASCII bytes. */
  static double parse(byte[] text, int from, int to) {
    long mantissa = 0;
    int scale = -1;
    int digits = 0;
    for (int i = from; i < to; i++) {
      int c = text[i];
      if (c >= '0' && c <= '9') {
        mantissa = mantissa * 10 + (c - '0');
        if (mantissa != 0) {
          digits++;
        }
        if (scale >= 0) {
          scale++;
        }
      } else if (c == '.' && scale < 0) {
        scale = 0;
      } else {
        return slow(text, from, to);
      }
    }
    if (to == from || digits > 15 || mantissa >= MAX_EXACT || scale >= POW10.length) {
      return slow(text, from, to);
    }
    return scale <= 0 ? mantissa : mantissa / POW10[scale];
  }

  private static double slow(byte[] text, int from, int to) {
    return NumberInput.parseDouble(ascii(text, from, to), true);
  }

  /** {@code text[from, to)} as a {@code String}: the slow paths and their messages. */
  private static String ascii(byte[] text, int from, int to) {
    return new String(text, from, to - from, ISO_8859_1);
  }

  /** Writes the double that {@code text[from, to)} parses to (not a plain decimal). */
  private static void appendAsDouble(MetaJson out, byte[] text, int from, int to) {
    out.ascii(Double.toString(Double.parseDouble(ascii(text, from, to))));
  }

  /**
   * Writes the decimal as a JSON number in one canonical form (trailing zeros and a bare point
   * dropped: {@code "1.50000000"} is {@code 1.5}, {@code "0.00000000"} is {@code 0}), so that the
   * same value reads the same from the archive's CSV and from a REST body. Text that is not a plain
   * decimal is written as the double it parses to.
   *
   * @throws NumberFormatException when the text is not a number
   */
  static void appendCanonical(MetaJson out, byte[] text, int from, int to) {
    int point = -1;
    for (int i = from; i < to; i++) {
      int c = text[i];
      if (c == '.' && point < 0) {
        point = i;
      } else if (c < '0' || c > '9') {
        appendAsDouble(out, text, from, to);
        return;
      }
    }
    if (to == from || text[from] == '.') {
      appendAsDouble(out, text, from, to);
      return;
    }
    int start = from;
    while (start < to - 1 && text[start] == '0' && text[start + 1] != '.') {
      start++;
    }
    int end = to;
    if (point >= 0) {
      while (end > point + 1 && text[end - 1] == '0') {
        end--;
      }
      if (end == point + 1) {
        end = point;
      }
    }
    out.bytes(text, start, end);
  }

  /**
   * {@code text[from, to)} as a long (digits, optional leading minus), as {@link Long#parseLong}.
   *
   * @throws NumberFormatException when the text is not a long
   */
  static long parseLong(byte[] text, int from, int to) {
    int digits = to - from;
    if (digits <= 0 || digits > 18 || text[from] == '-') {
      return Long.parseLong(ascii(text, from, to));
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int d = text[i] - '0';
      if (d < 0 || d > 9) {
        return Long.parseLong(ascii(text, from, to));
      }
      value = value * 10 + d;
    }
    return value;
  }

  /**
   * The chars of {@code text[from, to)} as bytes, one per char ({@code '?'} for a char above
   * U+00FF, which no number holds).
   */
  static byte[] latin1(String text, int from, int to) {
    byte[] out = new byte[to - from];
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      out[i - from] = c <= 0xFF ? (byte) c : (byte) '?';
    }
    return out;
  }
}
