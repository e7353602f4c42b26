package io.backtide.jobs.provider.binance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a comma-separated ASCII stream, split into fields in place: no {@code String}, no
 * decoding to chars. An archive day of 1s klines is 86,400 lines of ~100 bytes, read straight from
 * the zip's inflater into one buffer; a {@code BufferedReader} decoded every byte to a char and
 * built a {@code String} of each line, about a third of the parse's CPU.
 *
 * <p>A line ends at {@code \n} (a {@code \r} before it is dropped) or at the end of the stream.
 * After {@link #next()}, field {@code i < }{@link #count()} is {@code bytes()[from(i), to(i))}; a
 * line with more fields than the reader was made for keeps the rest in its last field.
 */
final class AsciiLines {
  /** A line longer than this is not a line of the CSV (the reader would otherwise grow forever). */
  static final int MAX_LINE = 1 << 20;

  private final InputStream in;
  private final int[] at;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;

  /** Where the search for the next newline goes on: the bytes before it hold none. */
  private int scanned;

  private boolean eof;
  private int count;

  /** Reads {@code in}, splitting each line into at most {@code maxFields} fields. */
  AsciiLines(InputStream in, int maxFields) {
    this.in = in;
    this.at = new int[maxFields + 1];
  }

  /**
   * Moves to the next line; false at the end of the stream.
   *
   * @throws IOException when the stream cannot be read or a line is longer than {@link #MAX_LINE}
   */
  boolean next() throws IOException {
    int end;
    while ((end = indexOfNewline()) < 0) {
      if (eof) {
        if (pos == limit) {
          return false;
        }
        end = limit;
        break;
      }
      fill();
    }
    int start = pos;
    pos = Math.min(end + 1, limit);
    split(start, end > start && buf[end - 1] == '\r' ? end - 1 : end);
    return true;
  }

  /** The fields of this line (1 for an empty line). */
  int count() {
    return count;
  }

  /** True when this line holds no byte. */
  boolean isEmpty() {
    return count == 1 && at[1] - 1 == at[0];
  }

  byte[] bytes() {
    return buf;
  }

  int from(int field) {
    return at[field];
  }

  int to(int field) {
    return at[field + 1] - 1;
  }

  /** The field as text (for messages). */
  String text(int field) {
    return new String(buf, from(field), to(field) - from(field), ISO_8859_1);
  }

  /** Closes the stream (an in-memory zip's: nothing can fail that matters). */
  void close() {
    try {
      in.close();
    } catch (IOException e) {
      // the zip's bytes are in memory: nothing to release
    }
  }

  private int indexOfNewline() {
    for (int i = Math.max(pos, scanned); i < limit; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    scanned = limit;
    return -1;
  }

  /** Keeps the unread bytes at the start of the buffer (growing it when full) and reads more. */
  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      scanned -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      if (buf.length >= MAX_LINE) {
        throw new IOException("a line is longer than " + MAX_LINE + " bytes");
      }
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int read = in.read(buf, limit, buf.length - limit);
    if (read < 0) {
      eof = true;
    } else {
      limit += read;
    }
  }

  /** Field i of {@code buf[start, end)} is {@code [at[i], at[i + 1] - 1)}. */
  private void split(int start, int end) {
    int n = 0;
    at[n++] = start;
    for (int i = start; i < end && n < at.length - 1; i++) {
      if (buf[i] == ',') {
        at[n++] = i + 1;
      }
    }
    at[n] = end + 1;
    count = n;
  }
}
