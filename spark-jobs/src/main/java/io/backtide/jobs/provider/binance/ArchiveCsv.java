package io.backtide.jobs.provider.binance;

import io.backtide.core.Candle;
import io.backtide.jobs.provider.SourceRow;
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

  private final AsciiLines in;
  private final String file;
  private final boolean trades;
  private final long startMs;
  private final long endMs;
  private long line;
  private Boolean micros;
  private long previousMs = Long.MIN_VALUE;
  private int sameMs;
  private final MetaJson meta = new MetaJson();
  private final int[] volumes = new int[6];

  ArchiveCsv(AsciiLines in, String file, boolean trades, Instant start, Instant end) {
    this.in = in;
    this.file = file;
    this.trades = trades;
    this.startMs = start.toEpochMilli();
    this.endMs = end.toEpochMilli();
  }

  /** Fields in a line: klines have 12, aggTrades 7 or 8 (more are kept in the last one). */
  static final int MAX_FIELDS = 12;

  /** The next row, or null at the end of the file. */
  SourceRow next() {
    try {
      while (in.next()) {
        line++;
        if (in.isEmpty() || (line == 1 && !isDigit(in.bytes()[in.from(0)]))) {
          continue;
        }
        return trades ? trade(in.count()) : kline(in.count());
      }
      return null;
    } catch (IOException e) {
      throw new MalformedArchiveException(file, "cannot be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new MalformedArchiveException(file, "line " + line + ": " + e.getMessage(), e);
    }
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private long longField(int i) {
    return Decimals.parseLong(in.bytes(), in.from(i), in.to(i));
  }

  private double decimalField(int i) {
    return Decimals.parse(in.bytes(), in.from(i), in.to(i));
  }

  private String field(int i) {
    return in.text(i);
  }

  private SourceRow kline(int n) {
    columns(n, 11, "a kline");
    long openMs = millis(longField(0), "open time");
    if (openMs <= previousMs) {
      throw new IllegalArgumentException(
          "open time " + field(0) + " does not follow the row before");
    }
    previousMs = openMs;
    Candle candle =
        new Candle(
            Instant.ofEpochMilli(openMs),
            decimalField(1),
            decimalField(2),
            decimalField(3),
            decimalField(4),
            decimalField(5));
    long closeMs = millis(longField(6), "close time");
    long trades = longField(8);
    span(7, 0);
    span(9, 2);
    span(10, 4);
    return new SourceRow(candle, BinanceMeta.kline(meta, closeMs, trades, in.bytes(), volumes));
  }

  /** Where field {@code i} is, as {@code volumes[at], volumes[at + 1]}. */
  private void span(int i, int at) {
    volumes[at] = in.from(i);
    volumes[at + 1] = in.to(i);
  }

  private SourceRow trade(int n) {
    columns(n, 7, "an aggregate trade");
    long ms = millis(longField(5), "time");
    if (ms < previousMs) {
      throw new IllegalArgumentException("time " + field(5) + " is before the row before");
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
            longField(0),
            ms,
            decimalField(1),
            decimalField(2),
            longField(3),
            longField(4),
            bool(field(6)));
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
    in.close();
  }
}
