package io.backtide.jobs.provider.binance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.Arrays;

/**
 * A flat JSON object of numbers built as ASCII bytes, one per row and reused for the next: the
 * {@code meta} of an archive day's 86,400 klines is built without a {@code StringBuilder} or an
 * intermediate {@code String} per field. Keys are written as given (no escaping: they are
 * constants).
 */
final class MetaJson {
  private byte[] buf = new byte[192];
  private int n;

  /** Starts a new object (what was built before is dropped). */
  MetaJson begin() {
    n = 0;
    put((byte) '{');
    return this;
  }

  /** Writes {@code "key":}, after a comma unless it is the first key. */
  MetaJson key(byte[] quotedKey) {
    if (n > 1) {
      put((byte) ',');
    }
    bytes(quotedKey, 0, quotedKey.length);
    put((byte) ':');
    return this;
  }

  /** Writes {@code value} in decimal. */
  MetaJson number(long value) {
    if (value < 0) {
      return ascii(Long.toString(value));
    }
    int digits = 1;
    for (long v = value / 10; v != 0; v /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = n + digits - 1; i >= n; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    n += digits;
    return this;
  }

  /** Writes {@code text} (ASCII). */
  MetaJson ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      buf[n++] = (byte) text.charAt(i);
    }
    return this;
  }

  /** Writes {@code text[from, to)}. */
  MetaJson bytes(byte[] text, int from, int to) {
    ensure(to - from);
    System.arraycopy(text, from, buf, n, to - from);
    n += to - from;
    return this;
  }

  /** Closes the object and returns it. */
  String end() {
    put((byte) '}');
    return new String(buf, 0, n, ISO_8859_1);
  }

  /** {@code "key"} as bytes for {@link #key}. */
  static byte[] quoted(String key) {
    return ('"' + key + '"').getBytes(ISO_8859_1);
  }

  private void put(byte b) {
    ensure(1);
    buf[n++] = b;
  }

  private void ensure(int more) {
    if (n + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
    }
  }
}
