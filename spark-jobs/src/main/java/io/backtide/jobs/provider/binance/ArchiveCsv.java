package io.backtide.jobs.provider.binance;

import io.backtide.core.Candle;
import io.backtide.jobs.provider.SourceRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Reads the CSV inside one archive file, row by row (a month of 1s candles is 2.6 million lines:
 * never all in memory). Klines have the 12 columns of the REST klines, aggTrades the columns of
 * {@code /aggTrades} ({@code agg id, price, qty, first id, last id, time, is buyer maker[, is best
 * match]}); spot files have no header, futures files may have one (skipped).
 *
 * <p>Times are in milliseconds before 2025 and in microseconds in spot files from 2025-01-01 on.
 * The unit is decided per file from the magnitude of its first time (above 10^14 is microseconds:
 * 10^14 ms is the year 5138), and every later row must agree. Rows come out exactly as the REST
 * parser makes them: candle times in milliseconds, {@code close_time} in milliseconds, and trades
 * at their millisecond plus 1 µs per earlier trade in the same millisecond (REST only has
 * milliseconds; the file's microseconds are not kept, so both paths give the same keys).
 */
final class ArchiveCsv implements AutoCloseable {
  private static final long MICROS_ABOVE = 100_000_000_000_000L;

  private final BufferedReader in;
  private final String file;
  private final boolean trades;
  private final long startMs;
  private final long endMs;
  private long line;
  private Boolean micros;
  private long previousMs = Long.MIN_VALUE;
  private int sameMs;
  private final int[] at = new int[13];

  ArchiveCsv(BufferedReader in, String file, boolean trades, Instant start, Instant end) {
    this.in = in;
    this.file = file;
    this.trades = trades;
    this.startMs = start.toEpochMilli();
    this.endMs = end.toEpochMilli();
  }

  /** The next row, or null at the end of the file. */
  SourceRow next() {
    try {
      String text;
      while ((text = in.readLine()) != null) {
        line++;
        if (text.isEmpty() || (line == 1 && !Character.isDigit(text.charAt(0)))) {
          continue;
        }
        int n = split(text);
        return trades ? trade(text, n) : kline(text, n);
      }
      return null;
    } catch (IOException e) {
      throw new MalformedArchiveException(file, "cannot be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new MalformedArchiveException(file, "line " + line + ": " + e.getMessage(), e);
    }
  }

  /** Finds the fields of {@code text}: field i is {@code [at[i], at[i + 1] - 1)}. */
  private int split(String text) {
    int n = 0;
    at[n++] = 0;
    for (int i = text.indexOf(','); i >= 0 && n < at.length; i = text.indexOf(',', i + 1)) {
      at[n++] = i + 1;
    }
    if (n < at.length) {
      at[n] = text.length() + 1;
    }
    return n;
  }

  private long longField(String text, int i) {
    return Decimals.parseLong(text, at[i], at[i + 1] - 1);
  }

  private double decimalField(String text, int i) {
    return Decimals.parse(text, at[i], at[i + 1] - 1);
  }

  private String field(String text, int i) {
    return text.substring(at[i], at[i + 1] - 1);
  }

  private SourceRow kline(String text, int n) {
    columns(n, 11, "a kline");
    long openMs = millis(longField(text, 0), "open time");
    if (openMs <= previousMs) {
      throw new IllegalArgumentException(
          "open time " + field(text, 0) + " does not follow the row before");
    }
    previousMs = openMs;
    Candle candle =
        new Candle(
            Instant.ofEpochMilli(openMs),
            decimalField(text, 1),
            decimalField(text, 2),
            decimalField(text, 3),
            decimalField(text, 4),
            decimalField(text, 5));
    String meta =
        BinanceMeta.kline(
            millis(longField(text, 6), "close time"),
            field(text, 7),
            longField(text, 8),
            field(text, 9),
            field(text, 10));
    return new SourceRow(candle, meta);
  }

  private SourceRow trade(String text, int n) {
    columns(n, 7, "an aggregate trade");
    long ms = millis(longField(text, 5), "time");
    if (ms < previousMs) {
      throw new IllegalArgumentException("time " + field(text, 5) + " is before the row before");
    }
    sameMs = ms == previousMs ? sameMs + 1 : 0;
    previousMs = ms;
    if (sameMs >= 1000) {
      throw new IllegalArgumentException(
          "more than 1000 aggregated trades in the millisecond "
              + Instant.ofEpochMilli(ms)
              + "; ticks are stored one per microsecond, so they cannot all be kept");
    }
    var trade =
        new BinanceParser.Trade(
            longField(text, 0),
            ms,
            decimalField(text, 1),
            decimalField(text, 2),
            longField(text, 3),
            longField(text, 4),
            bool(field(text, 6)));
    Instant ts = Instant.ofEpochMilli(ms).plus(sameMs, ChronoUnit.MICROS);
    return new SourceRow(Candle.trade(ts, trade.price(), trade.quantity()), trade.meta());
  }

  /** A time of this file in milliseconds (floored), checked against the file's unit and period. */
  private long millis(long value, String what) {
    boolean inMicros = value >= MICROS_ABOVE;
    if (micros == null) {
      micros = inMicros;
    } else if (micros != inMicros) {
      throw new IllegalArgumentException(
          what
              + " "
              + value
              + " is in "
              + (inMicros ? "microseconds" : "milliseconds")
              + " but the file's first time is in "
              + (micros ? "microseconds" : "milliseconds"));
    }
    long ms = inMicros ? Math.floorDiv(value, 1000) : value;
    boolean closeTime = what.equals("close time");
    if (ms < startMs || ms >= endMs + (closeTime ? 86_400_000L * 31 : 0)) {
      throw new IllegalArgumentException(
          what + " " + Instant.ofEpochMilli(ms) + " is outside the file's period");
    }
    return ms;
  }

  private static void columns(int n, int least, String what) {
    if (n < least) {
      throw new IllegalArgumentException(
          n + " columns, expected at least " + least + " for " + what);
    }
  }

  private static boolean bool(String text) {
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("is buyer maker '" + text + "' is not true or false");
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // a byte-array stream: nothing to release
    }
  }
}
