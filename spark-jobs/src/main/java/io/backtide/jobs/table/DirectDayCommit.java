package io.backtide.jobs.table;

import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes whole days straight into the Delta table, without a Spark job: per touched day, one
 * Parquet file holding the day's rows after the commit (written here with parquet-mr, in the
 * published day file's layout, {@link PublishedDayFile}: publishing links it rather than encoding
 * the rows again), then one Delta transaction that adds them and removes the files they replace.
 * Delta's conflict check guards the transaction: a concurrent commit into the touched days makes it
 * start over rather than leave duplicates or lose rows.
 *
 * <p>A first backfill (new days) costs the Parquet writing and the log write: about 50 and 100 ms
 * for a day of 1s on 2 cores, where a Spark write costs seconds. A day that already holds rows (a
 * second, overlapping backfill) is read back here first (one file per day, as this class leaves
 * it), with the incoming rows winning. Merge mode and files this class cannot read (deletion
 * vectors, other column types) go through Spark instead.
 */
final class DirectDayCommit {
  private static final Logger LOG = LoggerFactory.getLogger(DirectDayCommit.class);
  private static final int MAX_ATTEMPTS = 3;

  private DirectDayCommit() {}

  /**
   * Writes every day of {@code incoming} (each in time order, distinct {@code ts_event}) as one new
   * file holding the day's rows after the commit, and commits them; returns what the days now hold.
   * A day that already holds rows is rebuilt when {@code rebuild} is set: its files are read here,
   * the incoming rows replace the ones with the same {@code ts_event}, and the old files are
   * removed in the same commit. Returns empty, having committed nothing, when a day holds rows and
   * {@code rebuild} is off (merge mode), or holds files this class does not read (a deletion
   * vector, an unexpected column type): the caller then writes through Spark.
   */
  static Optional<Written> commit(
      SparkSession spark,
      String tablePath,
      FeedKey feed,
      SortedMap<LocalDate, List<SourceRow>> incoming,
      boolean rebuild) {
    return commit(spark, tablePath, feed, incoming, rebuild, () -> {});
  }

  /**
   * As {@link #commit(SparkSession, String, FeedKey, SortedMap, boolean)}; {@code beforeCommit}
   * runs once between the check and the first commit attempt (tests commit concurrently there).
   *
   * <p>Whether the days are empty is answered for free when none of them has a partition folder:
   * Delta writes a partition's files under its folder (in a table without random file prefixes or
   * column mapping, which this one never enables), so no folder means no file. The transaction then
   * declares that it read the whole table. Otherwise it asks the log for the touched days' files (a
   * small Spark job), which records that read. Either way a concurrent commit that could change the
   * outcome makes Delta reject this one; the attempt's files are then deleted and it starts over
   * with the exact check.
   */
  static Optional<Written> commit(
      SparkSession spark,
      String tablePath,
      FeedKey feed,
      SortedMap<LocalDate, List<SourceRow>> incoming,
      boolean rebuild,
      Runnable beforeCommit) {
    DeltaLog log = DeltaLog.forTable(spark, tablePath);
    Set<scala.collection.immutable.Map<String, String>> touched = touched(feed, incoming);
    for (int attempt = 1; ; attempt++) {
      PhaseTimer timer = new PhaseTimer();
      OptimisticTransaction txn = log.startTransaction();
      TablePartitions.checkLayout(txn, tablePath);
      List<AddFile> existing = existingFiles(txn, attempt == 1, tablePath, feed, incoming, touched);
      if (!existing.isEmpty()
          && (!rebuild || existing.stream().anyMatch(f -> f.deletionVector() != null))) {
        return Optional.empty();
      }
      timer.lap("check");
      try {
        Runnable hook = attempt == 1 ? beforeCommit : () -> {};
        return Optional.of(write(txn, tablePath, feed, incoming, existing, hook, timer));
      } catch (ConcurrentModificationException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
        LOG.warn("{}: a concurrent commit into {}; checking the days again", feed, tablePath, e);
      } catch (TableDataFile.Unreadable e) {
        LOG.info("{}: {}; writing through Spark", feed, e.getMessage());
        return Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write a data file of " + feed + " into " + tablePath, e);
      }
    }
  }

  /**
   * Writes the days' new files and commits them with the files they replace; {@code beforeCommit}
   * runs between the two. A failed attempt deletes the files it wrote.
   */
  private static Written write(
      OptimisticTransaction txn,
      String tablePath,
      FeedKey feed,
      SortedMap<LocalDate, List<SourceRow>> incoming,
      List<AddFile> existing,
      Runnable beforeCommit,
      PhaseTimer timer)
      throws IOException {
    Map<LocalDate, Path> written = new ConcurrentHashMap<>();
    try {
      SortedMap<LocalDate, List<SourceRow>> after = daysAfter(tablePath, existing, incoming);
      List<Action> actions = actions(Path.of(tablePath), feed, after, existing, written);
      timer.lap("read+write");
      beforeCommit.run();
      long version =
          txn.commit(CollectionConverters.asScala(actions).toList(), operation(feed, existing));
      LOG.info(
          "day files ms: {} ({} new day(s), {} rebuilt)",
          timer.lap("commit"),
          incoming.size() - daysOf(existing),
          daysOf(existing));
      return new Written(version, after, existing.isEmpty(), Map.copyOf(written));
    } catch (IOException | RuntimeException e) {
      deleteQuietly(written.values());
      throw e;
    }
  }

  /** The touched days' partition values, as the log's file filter takes them. */
  private static Set<scala.collection.immutable.Map<String, String>> touched(
      FeedKey feed, SortedMap<LocalDate, List<SourceRow>> incoming) {
    Set<scala.collection.immutable.Map<String, String>> touched = new HashSet<>();
    for (LocalDate day : incoming.keySet()) {
      touched.add(TablePartitions.scalaMap(TablePartitions.partitionValues(feed, day)));
    }
    return touched;
  }

  /**
   * The files the touched days hold: none, known for free, when {@code quick} and no day has a
   * folder (the transaction then claims the whole table); else the log's answer (recorded as read).
   */
  private static List<AddFile> existingFiles(
      OptimisticTransaction txn,
      boolean quick,
      String tablePath,
      FeedKey feed,
      SortedMap<LocalDate, List<SourceRow>> incoming,
      Set<scala.collection.immutable.Map<String, String>> touched) {
    if (quick
        && TablePartitions.folderLayout(txn)
        && TablePartitions.noDayFolder(tablePath, feed, incoming.keySet())) {
      txn.readWholeTable();
      return List.of();
    }
    return CollectionConverters.asJava(
        txn.filterFiles(CollectionConverters.asScala(touched).toSet()));
  }

  /** What each touched day holds after the commit: the incoming rows laid over its stored ones. */
  private static SortedMap<LocalDate, List<SourceRow>> daysAfter(
      String tablePath, List<AddFile> existing, SortedMap<LocalDate, List<SourceRow>> incoming)
      throws IOException {
    SortedMap<LocalDate, List<SourceRow>> after = new TreeMap<>();
    for (Map.Entry<LocalDate, List<SourceRow>> day : incoming.entrySet()) {
      List<AddFile> old = filesOf(existing, day.getKey());
      after.put(
          day.getKey(),
          old.isEmpty() ? day.getValue() : incomingWins(tablePath, old, day.getValue()));
    }
    return after;
  }

  /** Writes the days' new files (side by side) and lists them, with the files they replace. */
  private static List<Action> actions(
      Path table,
      FeedKey feed,
      SortedMap<LocalDate, List<SourceRow>> after,
      List<AddFile> replaced,
      Map<LocalDate, Path> written)
      throws IOException {
    List<Action> actions =
        new ArrayList<>(
            PerDay.map(after, (day, rows) -> writeDay(table, feed, day, rows, written)));
    long now = System.currentTimeMillis();
    for (AddFile file : replaced) {
      actions.add(file.removeWithTimestamp(now, true));
    }
    return actions;
  }

  /**
   * What a commit left in the touched days, and each day's one data file (in the published layout);
   * {@code fresh} when none of them held a row before.
   */
  record Written(
      long version,
      SortedMap<LocalDate, List<SourceRow>> days,
      boolean fresh,
      Map<LocalDate, Path> files) {}

  private static List<AddFile> filesOf(List<AddFile> files, LocalDate day) {
    return files.stream().filter(f -> TablePartitions.dateOf(f).equals(day)).toList();
  }

  private static long daysOf(List<AddFile> files) {
    return files.stream().map(TablePartitions::dateOf).distinct().count();
  }

  /**
   * The day's stored rows with the incoming ones laid over them, in time order (an incoming row
   * replaces the stored one with the same {@code ts_event}).
   */
  private static List<SourceRow> incomingWins(
      String tablePath, List<AddFile> files, List<SourceRow> incoming) throws IOException {
    List<SourceRow> stored = new ArrayList<>();
    for (AddFile file : files) {
      TableDataFile.read(dataFile(tablePath, file), stored::add);
    }
    TreeMap<Long, SourceRow> day = new TreeMap<>();
    stored.forEach(row -> day.put(row.candle().tsEventMicros(), row));
    incoming.forEach(row -> day.put(row.candle().tsEventMicros(), row));
    return new ArrayList<>(day.values());
  }

  private static Path dataFile(String tablePath, AddFile file) {
    java.net.URI uri = new org.apache.hadoop.fs.Path(file.path()).toUri();
    return uri.isAbsolute() ? Path.of(uri) : Path.of(tablePath).resolve(uri.getPath());
  }

  /** An append for new days, a replaceWhere-style overwrite of the touched days otherwise. */
  private static DeltaOperations.Write operation(FeedKey feed, List<AddFile> replaced) {
    return new DeltaOperations.Write(
        replaced.isEmpty() ? SaveMode.Append : SaveMode.Overwrite,
        Option.apply(CollectionConverters.asScala(SparkColumns.PARTITIONS).toList()),
        replaced.isEmpty()
            ? Option.empty()
            : Option.apply(
                FeedDays.of(feed, replaced.stream().map(TablePartitions::dateOf).toList()).sql()),
        Option.empty());
  }

  private static AddFile writeDay(
      Path table, FeedKey feed, LocalDate day, List<SourceRow> rows, Map<LocalDate, Path> written)
      throws IOException {
    Map<String, String> partition = TablePartitions.partitionValues(feed, day);
    String relative =
        TablePartitions.folder(feed, day)
            + "/part-00000-"
            + UUID.randomUUID()
            + ".c000.snappy.parquet";
    Path file = table.resolve(relative);
    Files.createDirectories(file.getParent());
    written.put(day, file);
    PublishedDayFile.write(file, feed, rows);
    return new AddFile(
        new org.apache.hadoop.fs.Path(relative).toUri().toString(),
        TablePartitions.scalaMap(partition),
        Files.size(file),
        Files.getLastModifiedTime(file).toMillis(),
        true,
        TableDataFile.stats(rows),
        null,
        null,
        Option.empty(),
        Option.empty(),
        Option.empty());
  }

  private static void deleteQuietly(Collection<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // An uncommitted file is invisible to readers; VACUUM removes it.
      }
    }
  }
}
