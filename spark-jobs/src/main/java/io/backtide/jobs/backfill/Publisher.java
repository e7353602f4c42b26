package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes days as {@code published/{feed}/YYYY-MM-DD.parquet} (temp file, then atomic rename) and
 * then rewrites {@code published/_index.json}. A day with no rows in the table is skipped.
 */
final class Publisher {
  private final Path root;
  private final Clock clock;

  Publisher(Path dataDir, Clock clock) {
    this.root = dataDir.resolve("published").toAbsolutePath();
    this.clock = clock;
  }

  /** Writes every day in {@code days} and updates the index; returns the new entries. */
  List<IndexEntry> publish(FeedKey feed, long tableVersion, Map<LocalDate, List<SourceRow>> days) {
    try {
      Path folder = Files.createDirectories(root.resolve(feed.path()));
      Map<LocalDate, List<SourceRow>> withRows = new TreeMap<>();
      days.forEach(
          (day, rows) -> {
            if (!rows.isEmpty()) {
              withRows.put(day, rows);
            }
          });
      List<IndexEntry> entries =
          PerDay.map(withRows, (day, rows) -> publishDay(folder, feed, day, rows, tableVersion));
      Path index = root.resolve(PublishedIndex.FILE_NAME);
      PublishedIndex.read(index).with(entries, clock.instant()).writeAtomically(index);
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + feed + " under " + root, e);
    }
  }

  private IndexEntry publishDay(
      Path folder, FeedKey feed, LocalDate day, List<SourceRow> rows, long version)
      throws IOException {
    String name = day + ".parquet";
    Path target = folder.resolve(name);
    Path tmp = folder.resolve("." + name + ".tmp-" + System.nanoTime());
    try {
      DailyParquetWriter.write(tmp, feed, rows);
      String sha = AtomicFiles.sha256(tmp);
      long size = Files.size(tmp);
      AtomicFiles.moveIntoPlace(tmp, target);
      return new IndexEntry(
          feed.path() + "/" + name,
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

  Path root() {
    return root;
  }
}
