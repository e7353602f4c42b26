package io.backtide.jobs.table;

import io.backtide.core.DataRoot;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta table {@code data/delta/candles}: writes a batch of one feed (incoming rows win, one
 * file per touched day) or a wave of several feeds, and reads days back at a given version.
 */
public final class CandleTable {
  private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");
  private static final Logger LOG = LoggerFactory.getLogger(CandleTable.class);

  /** How long a replaced data file is kept for readers of older versions: Delta's week. */
  public static final Duration DEFAULT_VACUUM_RETENTION = TableVacuum.DEFAULT_RETENTION;

  /**
   * The system property that sets how many versions past its last checkpoint a job lets the table
   * get before it checkpoints it in the background ({@link TableCheckpoints}; default 10).
   */
  public static final String CHECKPOINT_EVERY_PROPERTY = TableCheckpoints.EVERY_PROPERTY;

  private final SparkSession spark;
  private final String path;
  private final Path scratchDir;
  private final WriteMode mode;
  private final TableCheckpoints checkpoints;
  private volatile boolean created;

  /** The table under {@code dataDir} ({@link DataRoot#candleTable()}). */
  public CandleTable(SparkSession spark, Path dataDir, WriteMode mode) {
    this(spark, DataRoot.of(dataDir).candleTable().toAbsolutePath().toString(), dataDir, mode);
  }

  /** The table at {@code path}: a local path or any Hadoop URI ({@code s3a://...}). */
  public CandleTable(SparkSession spark, String path, Path dataDir, WriteMode mode) {
    this(spark, path, dataDir, mode, TableCheckpoints.configuredEvery());
  }

  /**
   * As {@link #CandleTable(SparkSession, String, Path, WriteMode)}, checkpointing the table once
   * its commits leave it {@code checkpointEvery} versions past its last checkpoint ({@link
   * TableCheckpoints}).
   */
  CandleTable(SparkSession spark, String path, Path dataDir, WriteMode mode, int checkpointEvery) {
    this.spark = spark;
    this.path = path;
    this.scratchDir = DataRoot.of(dataDir).scratch().toAbsolutePath();
    this.mode = mode;
    this.checkpoints = new TableCheckpoints(spark, path, checkpointEvery);
  }

  /**
   * Writes one batch of {@code feed} (per day, in time order, distinct {@code ts_event}) and
   * returns the commit with what the touched days now hold. The days go straight into the table as
   * one new file each ({@link DirectDayCommit}: no Spark job, and the commit knows the days' rows)
   * unless the mode is merge and a day already holds rows, or a day's files are not plain Parquet
   * this job reads. Then the batch reaches Spark as staged Parquet files, is deduplicated against
   * the days' rows there (rebuild or {@code DeltaTable.merge}) and the days are read back.
   */
  public TableCommit write(FeedKey feed, SortedMap<LocalDate, List<SourceRow>> days) {
    PhaseTimer timer = new PhaseTimer();
    long rows = days.values().stream().mapToLong(List::size).sum();
    ensureExists();
    timer.lap("create");
    Optional<DirectDayCommit.Written> direct =
        DirectDayCommit.commit(spark, path, feed, days, mode == WriteMode.REBUILD);
    timer.lap(direct.isPresent() ? "direct" : "check");
    if (direct.isPresent()) {
      LOG.info("write phases ms: {} ({} rows, {} days)", timer, rows, days.size());
      DirectDayCommit.Written w = direct.get();
      checkpoints.committed(w.version());
      return new TableCommit(w.version(), w.days(), true, w.files());
    }
    Path scratch = scratchDir.resolve("batch-" + UUID.randomUUID());
    try {
      StagedBatchFiles.writeDays(scratch, feed, days);
      Dataset<Row> incoming =
          spark.read().schema(SparkColumns.TABLE).parquet(scratch.toUri().toString());
      timer.lap("stage");
      FeedDays touched = FeedDays.of(feed, days.keySet());
      if (mode == WriteMode.REBUILD) {
        SparkRewrite.rebuild(
            spark, path, touched, SparkRewrite.after(spark, path, touched, incoming));
      } else {
        SparkRewrite.merge(spark, path, touched, incoming);
      }
      timer.lap(mode.code());
      long version = version();
      checkpoints.committed(version);
      timer.lap("version");
      LOG.info("write phases ms: {} ({} rows, {} days)", timer, rows, days.size());
      return new TableCommit(version, readDays(feed, days.keySet(), version), false, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage a batch of " + feed + " at " + scratch, e);
    } finally {
      deleteQuietly(scratch);
    }
  }

  /** What {@link #write(Dataset, FeedDays, DaysSink)} hands over per feed. */
  public interface DaysSink {
    void accept(FeedKey feed, long version, SortedMap<LocalDate, List<SourceRow>> days);
  }

  /**
   * Writes {@code incoming} (rows of several feeds in the table's layout, no duplicate key) over
   * {@code days} in one commit, with the rebuild's rule, and hands each feed's committed days to
   * {@code committed} (from the rows just written, not read back); returns the new version.
   */
  public long write(Dataset<Row> incoming, FeedDays days, DaysSink committed) {
    Dataset<Row> after =
        SparkRewrite.after(spark, path, days, incoming).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      SparkRewrite.rebuild(spark, path, days, after);
      long version = version();
      checkpoints.committed(version);
      for (FeedKey feed : days.days().keySet()) {
        FeedDays one = FeedDays.of(feed, days.of(feed));
        committed.accept(
            feed, version, TableRows.collectDays(after.where(one.column("")), days.of(feed)));
      }
      return version;
    } finally {
      after.unpersist();
    }
  }

  /**
   * Creates the empty, partitioned table unless it exists (once per instance; a metadata-only
   * commit of Delta's own, {@link TableCreate}). Columns are nullable, as in a table Spark creates
   * from a DataFrame. A table an earlier version created gets the checkpoint interval that keeps
   * Delta's checkpoint out of commits ({@link CheckpointInterval#ensure}).
   */
  public void ensureExists() {
    if (created) {
      return;
    }
    if (!TableCreate.createIfMissing(spark, path)) {
      CheckpointInterval.ensure(spark, path);
    }
    created = true;
  }

  /**
   * Waits for the table's background checkpoint, if one runs, and checkpoints the newest version
   * this instance committed when it is far past the last checkpoint ({@link
   * TableCheckpoints#finish}). Jobs call it before they end; a failure is only logged.
   */
  public void finishCheckpoints() {
    checkpoints.finish();
  }

  TableCheckpoints checkpoints() {
    return checkpoints;
  }

  /**
   * Deletes the files no version within {@code retention} references ({@link TableVacuum}); {@link
   * #DEFAULT_VACUUM_RETENTION} unless the operator asks for less. Returns whether Delta's vacuum
   * ran (not when no data file is older than the retention).
   */
  public boolean vacuum(Duration retention) {
    return TableVacuum.vacuum(spark, path, retention);
  }

  /**
   * Starts paying the first Delta write's one-off costs on a background thread ({@link Warmup});
   * closing the result waits for it.
   */
  public Warmup warmUp() {
    return Warmup.start(spark, this, scratchDir);
  }

  /**
   * The newest table version: the highest commit file in {@code _delta_log}, listed through the
   * table's Hadoop file system (any URI; {@code history(1)} costs a Spark job of about half a
   * second).
   */
  public long version() {
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sessionState().newHadoopConf());
      return Stream.of(fs.listStatus(log))
          .map(FileStatus::getPath)
          .map(org.apache.hadoop.fs.Path::getName)
          .filter(name -> COMMIT_FILE.matcher(name).matches())
          .mapToLong(name -> Long.parseLong(name.substring(0, name.indexOf('.'))))
          .max()
          .orElseThrow(() -> new IllegalStateException("no commit in " + log));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + log, e);
    }
  }

  /** The feed's rows on {@code days} as of {@code version}, per day in time order. */
  public SortedMap<LocalDate, List<SourceRow>> readDays(
      FeedKey feed, Collection<LocalDate> days, long version) {
    Dataset<Row> table = spark.read().format("delta").option("versionAsOf", version).load(path);
    return TableRows.collectDays(table.where(FeedDays.of(feed, days).column("")), days);
  }

  String path() {
    return path;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A leftover scratch folder is harmless: the next batch uses a new name.
    }
  }
}
