package io.backtide.jobs.provider.binance;

import io.backtide.jobs.provider.SourceRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the job stands in one verified archive file. Pages are read on from the last one (a month
 * of 1s candles is never all in memory); a page asked from before that point reopens the file.
 */
final class ArchiveCursor {
  private final ArchiveFile file;
  private final boolean trades;
  private ArchiveCsv csv;
  private SourceRow pending;
  private Instant lastHandedOut;

  ArchiveCursor(ArchiveFile file, boolean trades) {
    this.file = file;
    this.trades = trades;
  }

  ArchiveFile file() {
    return file;
  }

  /** Closes the file and deletes its download: the job has read on past it. */
  void close() {
    if (csv != null) {
      csv.close();
      csv = null;
    }
    file.delete();
  }

  /**
   * The file's rows with {@code from <= ts_event < end}, at most {@code max} of them; for trades
   * the page never ends inside a millisecond (the next page starts at the next one).
   */
  List<SourceRow> rows(Instant from, Instant end, int max) {
    if (csv == null || (lastHandedOut != null && !lastHandedOut.isBefore(from))) {
      reopen();
    }
    while (peek() != null && pending.candle().tsEvent().isBefore(from)) {
      pending = null;
    }
    List<SourceRow> out = new ArrayList<>(Math.min(max, 4096));
    while (peek() != null && pending.candle().tsEvent().isBefore(end)) {
      if (out.size() >= max && !(trades && sameMillisecond(out.get(out.size() - 1), pending))) {
        break;
      }
      out.add(pending);
      lastHandedOut = pending.candle().tsEvent();
      pending = null;
    }
    return out;
  }

  private SourceRow peek() {
    if (pending == null) {
      pending = csv.next();
    }
    return pending;
  }

  private void reopen() {
    if (csv != null) {
      csv.close();
    }
    csv = file.open(trades);
    pending = null;
    lastHandedOut = null;
  }

  private static boolean sameMillisecond(SourceRow a, SourceRow b) {
    return a.candle()
        .tsEvent()
        .truncatedTo(ChronoUnit.MILLIS)
        .equals(b.candle().tsEvent().truncatedTo(ChronoUnit.MILLIS));
  }
}
