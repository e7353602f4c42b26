package io.backtide.jobs.publish;

import io.backtide.core.AtomicFiles;
import io.backtide.core.DataRoot;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.core.PublishedPath;
import io.backtide.core.Sha256;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.table.PerDay;
import io.backtide.jobs.table.PublishedDayFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes days as {@code published/{feed}/YYYY-MM-DD.parquet} (temp file, then atomic rename) and
 * then rewrites the feed's own {@code published/{feed}/_index.json}: a commit's cost depends on the
 * feed's days only, not on what other feeds have published. A day with no rows in the table is
 * skipped.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private final DataRoot data;
  private final Path root;
  private final Clock clock;

  public Publisher(Path dataDir, Clock clock) {
    this.data = DataRoot.of(dataDir.toAbsolutePath());
    this.root = data.published();
    this.clock = clock;
  }

  /** One day's outcome: its entry, or why it failed; {@code fresh} when its file is new. */
  private record DayResult(IndexEntry entry, Path file, boolean fresh, IOException failure) {}

  /**
   * {@link #publish(FeedKey, long, Map, Function)} without notes: the entries record neither origin
   * nor gaps (the caller does not know which part of each day it asked for).
   */
  public List<IndexEntry> publish(
      FeedKey feed, long tableVersion, Map<LocalDate, List<SourceRow>> days) {
    return publish(feed, tableVersion, days, day -> null);
  }

  /**
   * Writes every day in {@code days} and updates the index; returns the new entries. With a day's
   * {@link DayNotes}, its entry records where its rows came from and its missing candles ({@link
   * DayRecord}). When a day or the index cannot be written (a full disk), the day files this call
   * added are removed again, so no file is left that the index does not list.
   */
  public List<IndexEntry> publish(
      FeedKey feed,
      long tableVersion,
      Map<LocalDate, List<SourceRow>> days,
      Function<LocalDate, DayNotes> notes) {
    return publish(feed, tableVersion, days, notes, Map.of());
  }

  /**
   * As {@link #publish(FeedKey, long, Map, Function)}; a day in {@code dayFiles} is the table's
   * data file that holds exactly its rows in the published layout ({@link PublishedDayFile}, as the
   * direct commit writes them): it is hard-linked into place instead of encoding the rows again
   * (where a link is not possible, another file system, the rows are written as before). Both names
   * are only ever replaced or deleted, never written into, so they cannot diverge.
   */
  public List<IndexEntry> publish(
      FeedKey feed,
      long tableVersion,
      Map<LocalDate, List<SourceRow>> days,
      Function<LocalDate, DayNotes> notes,
      Map<LocalDate, Path> dayFiles) {
    List<DayResult> results = List.of();
    try {
      Path folder = Files.createDirectories(root.resolve(feed.path()));
      Path index = data.feedIndex(feed);
      IndexFile before = feedIndex(feed, index);
      Map<String, IndexEntry> previous = new HashMap<>();
      before.files().forEach(e -> previous.put(e.path(), e));
      PerDay.Task<List<SourceRow>, IndexEntry> one =
          (day, rows) ->
              noted(
                  publishDay(folder, feed, day, rows, tableVersion, dayFiles.get(day)),
                  feed,
                  day,
                  rows,
                  notes.apply(day),
                  previous);
      // Every day runs to its end, so that none is still being moved into place during clean-up.
      results = PerDay.map(withRows(days), (day, rows) -> attempt(folder, day, rows, one));
      throwFirstFailure(results);
      List<IndexEntry> entries = results.stream().map(DayResult::entry).toList();
      before.with(entries, clock.instant()).writeAtomically(index);
      return entries;
    } catch (IOException | RuntimeException e) {
      removeUnlisted(results);
      IOException cause = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      throw new UncheckedIOException("cannot publish " + feed + " under " + root, cause);
    }
  }

  /** The days that have rows, in day order: a day with none is not published. */
  private static Map<LocalDate, List<SourceRow>> withRows(Map<LocalDate, List<SourceRow>> days) {
    Map<LocalDate, List<SourceRow>> withRows = new TreeMap<>();
    days.forEach(
        (day, rows) -> {
          if (!rows.isEmpty()) {
            withRows.put(day, rows);
          }
        });
    return withRows;
  }

  private static void throwFirstFailure(List<DayResult> results) throws IOException {
    for (DayResult r : results) {
      if (r.failure() != null) {
        throw r.failure();
      }
    }
  }

  private static IndexEntry noted(
      IndexEntry entry,
      FeedKey feed,
      LocalDate day,
      List<SourceRow> rows,
      DayNotes notes,
      Map<String, IndexEntry> previous) {
    return notes == null
        ? entry
        : DayRecord.of(
            entry, feed, day, rows, notes, Optional.ofNullable(previous.get(entry.path())));
  }

  private static DayResult attempt(
      Path folder,
      LocalDate day,
      List<SourceRow> rows,
      PerDay.Task<List<SourceRow>, IndexEntry> publish) {
    Path target = folder.resolve(PublishedPath.fileName(day));
    boolean fresh = !Files.exists(target);
    try {
      return new DayResult(publish.run(day, rows), target, fresh, null);
    } catch (IOException e) {
      return new DayResult(null, target, fresh, e);
    } catch (RuntimeException e) {
      // Parquet reports a failed close (a full disk) as a RuntimeException.
      return new DayResult(null, target, fresh, new IOException(e.getMessage(), e));
    }
  }

  /** New day files that made it into place before the failure; the index never listed them. */
  private static void removeUnlisted(List<DayResult> results) {
    for (DayResult r : results) {
      if (r.fresh() && r.entry() != null) {
        try {
          Files.deleteIfExists(r.file());
        } catch (IOException ignored) {
          // a file that cannot be deleted stays unlisted; clients only read listed files
        }
      }
    }
  }

  /**
   * The feed's own index; before the feed's first commit with per-feed indexes, its entries in the
   * old single {@code published/_index.json} (read, never written: the control plane falls back to
   * it only for feeds that have no index of their own).
   */
  private IndexFile feedIndex(FeedKey feed, Path index) {
    if (Files.exists(index)) {
      return IndexFile.read(index);
    }
    IndexFile old = IndexFile.read(data.index());
    String prefix = feed.path() + "/";
    return new IndexFile(
        old.generatedAt(), old.files().stream().filter(e -> e.path().startsWith(prefix)).toList());
  }

  private IndexEntry publishDay(
      Path folder, FeedKey feed, LocalDate day, List<SourceRow> rows, long version, Path written)
      throws IOException {
    PublishedPath published = new PublishedPath(feed, day);
    Path target = folder.resolve(published.fileName());
    Path tmp = folder.resolve("." + published.fileName() + ".tmp-" + System.nanoTime());
    try {
      if (written == null || !linked(written, tmp)) {
        PublishedDayFile.write(tmp, feed, rows);
      }
      String sha = Sha256.of(tmp);
      long size = Files.size(tmp);
      AtomicFiles.moveIntoPlace(tmp, target);
      return new IndexEntry(
          published.path(),
          day.toString(),
          rows.size(),
          size,
          sha,
          rows.get(0).candle().tsEvent().toString(),
          rows.get(rows.size() - 1).candle().tsEvent().toString(),
          version);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Links the table's day file as {@code tmp}; false where links are not possible. */
  private static boolean linked(Path written, Path tmp) throws IOException {
    try {
      Files.createLink(tmp, written);
      return true;
    } catch (UnsupportedOperationException | IOException e) {
      LOG.debug("cannot link {} as {}; writing the day again: {}", written, tmp, e.toString());
      Files.deleteIfExists(tmp);
      return false;
    }
  }
}
