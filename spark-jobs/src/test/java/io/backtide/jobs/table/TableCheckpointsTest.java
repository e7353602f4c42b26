package io.backtide.jobs.table;

import static io.backtide.jobs.table.TableCheckpoints.Writer.KERNEL;
import static io.backtide.jobs.table.TableCheckpoints.Writer.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.LogCapture;
import io.backtide.jobs.testing.ReadOnlyMount;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestSpark;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * Delta's checkpoint kept out of the table's commits, and the job's own checkpoint on a background
 * thread ({@link CheckpointInterval}, {@link TableCheckpoints}).
 */
class TableCheckpointsTest {
  static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final FeedKey OTHER = FeedKey.parse("binance/ETHUSDT/candle/1m");
  static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");
  static final Pattern CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint.*\\.parquet");
  static final int NEVER = Integer.MAX_VALUE;

  static SparkSession spark;
  @TempDir Path data;

  @BeforeAll
  static void startSpark(@TempDir Path warehouse) {
    spark = TestSpark.local("checkpoints", warehouse);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void aNewTableHasTheIntervalAndItsCommitsNeverCheckpoint() throws IOException {
    CandleTable table = table("new", NEVER);

    SortedMap<LocalDate, List<SourceRow>> written = writeDays(table, FEED, 0, 11);

    assertThat(CheckpointInterval.of(snapshot(table.path()).metadata()))
        .isEqualTo(String.valueOf(Integer.MAX_VALUE));
    assertThat(table.version()).as("create and eleven commits").isEqualTo(11);
    assertThat(checkpointVersions(table.path())).as("no checkpoint at version 10").isEmpty();
    assertThat(table.checkpoints().last()).as("nothing asked ours to run").isEmpty();
    assertThat(table.readDays(FEED, written.keySet(), 11)).isEqualTo(written);
  }

  @Test
  void anOldTableWithDeltasDefaultGetsTheIntervalInOneMetadataCommit() throws IOException {
    String path = oldTable("old");
    for (int day = 0; day < 10; day++) {
      commitDirectly(path, FEED, day, () -> {});
    }
    assertThat(checkpointVersions(path))
        .as("with Delta's default, the commit to version 10 checkpointed")
        .containsExactly(10L);

    assertThat(CheckpointInterval.ensure(spark, path)).as("set it").isTrue();
    assertThat(CheckpointInterval.ensure(spark, path)).as("once").isFalse();

    Snapshot upgraded = snapshot(path);
    assertThat(upgraded.version()).isEqualTo(11);
    assertThat(CheckpointInterval.of(upgraded.metadata())).isEqualTo(CheckpointInterval.NEVER);
    assertThat(upgraded.metadata().schema())
        .isEqualTo(SparkColumns.schema(CandleColumn.TABLE, true));
    for (int day = 10; day < 19; day++) {
      commitDirectly(path, FEED, day, () -> {});
    }
    assertThat(snapshot(path).version()).isEqualTo(20);
    assertThat(checkpointVersions(path)).as("none at version 20").containsExactly(10L);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(19 * 60);
  }

  @Test
  void settingTheIntervalAndAnotherJobsCommitBothLandWhicheverGoesFirst() {
    String path = oldTable("raced");

    boolean set = CheckpointInterval.ensure(spark, path, () -> commitDirectly(path, FEED, 0));
    assertThat(set).as("a commit that only added files does not conflict").isTrue();

    String other = oldTable("raced-other-way");
    DirectDayCommit.Written late =
        commitDirectly(
            other, OTHER, 0, () -> assertThat(CheckpointInterval.ensure(spark, other)).isTrue());
    assertThat(late.version()).as("started over after the metadata change").isEqualTo(2);

    for (String table : List.of(path, other)) {
      Snapshot snapshot = snapshot(table);
      assertThat(snapshot.version()).isEqualTo(2);
      assertThat(CheckpointInterval.of(snapshot.metadata())).isEqualTo(CheckpointInterval.NEVER);
      assertThat(spark.read().format("delta").load(table).count()).isEqualTo(60);
    }
  }

  @Test
  void aBackgroundThreadCheckpointsOnceTheTableIsEveryVersionsPastTheLast() throws IOException {
    CandleTable table = table("background", 3);

    SortedMap<LocalDate, List<SourceRow>> written = writeDays(table, FEED, 0, 3);
    table.finishCheckpoints();

    assertThat(table.checkpoints().last())
        .as("three versions past the empty table: version 3, off the committing thread")
        .contains(new TableCheckpoints.Done(3, "table-checkpoint", true, KERNEL));
    assertThat(checkpointVersions(table.path())).containsExactly(3L);
    assertThat(lastCheckpoint(table.path())).contains("\"version\":3");
    DeltaLog.clearCache();
    Snapshot fresh = snapshot(table.path());
    assertThat(fresh.checkpointProvider().version()).as("a new reader starts from it").isEqualTo(3);
    assertThat(table.readDays(FEED, written.keySet(), 3)).isEqualTo(written);
  }

  @Test
  void theJobsEndCheckpointsTheNewestVersionWhenTheBackgroundOneLeftItBehind() throws IOException {
    CandleTable table = table("end", 1);

    SortedMap<LocalDate, List<SourceRow>> written = writeDays(table, FEED, 0, 4);
    table.finishCheckpoints();

    assertThat(table.checkpoints().last().orElseThrow().version()).isEqualTo(4);
    assertThat(lastCheckpoint(table.path())).contains("\"version\":4");
    assertThat(table.readDays(FEED, written.keySet(), 4)).isEqualTo(written);
  }

  @Test
  void aFailedCheckpointIsLoggedFailsNothingAndTheNextJobCheckpoints() throws IOException {
    CandleTable table = table("failing", NEVER);
    SortedMap<LocalDate, List<SourceRow>> written = writeDays(table, FEED, 0, 2);
    TableCheckpoints checkpoints = new TableCheckpoints(spark, table.path(), 1);
    StringWriter log = new StringWriter();

    try (ReadOnlyMount readOnly = ReadOnlyMount.of(Path.of(table.path(), "_delta_log"));
        AutoCloseable capture = capture(log)) {
      checkpoints.committed(2);
      checkpoints.finish();
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    assertThat(checkpoints.last())
        .contains(new TableCheckpoints.Done(2, "table-checkpoint", false, NONE));
    assertThat(log.toString())
        .contains("WARN")
        .contains("could not checkpoint version 2")
        .contains("Read-only file system");
    assertThat(checkpointVersions(table.path())).isEmpty();
    assertThat(table.readDays(FEED, written.keySet(), 2)).isEqualTo(written);

    CandleTable next = table("failing", 1);
    SortedMap<LocalDate, List<SourceRow>> more = writeDays(next, FEED, 2, 1);
    next.finishCheckpoints();
    assertThat(next.checkpoints().last().orElseThrow().ok()).isTrue();
    assertThat(checkpointVersions(table.path())).containsExactly(3L);
    written.putAll(more);
    assertThat(next.readDays(FEED, written.keySet(), 3)).isEqualTo(written);
  }

  @Test
  void whatAKillInTheMiddleOfACheckpointLeavesReadsAsTheTable() throws IOException {
    CandleTable table = table("killed", NEVER);
    SortedMap<LocalDate, List<SourceRow>> written = writeDays(table, FEED, 0, 5);
    Path log = Path.of(table.path(), "_delta_log");
    // Killed between the checkpoint file and _last_checkpoint (Delta writes them in that order):
    DeltaLog.forTable(spark, table.path()).createCheckpointAtVersion(3);
    // Killed while writing the next one: its hidden temporary file, cut short.
    byte[] whole = Files.readAllBytes(log.resolve(String.format("%020d.checkpoint.parquet", 3)));
    Files.write(
        log.resolve(
            String.format(".%020d.checkpoint.parquet.%s.tmp", 5, java.util.UUID.randomUUID())),
        java.util.Arrays.copyOf(whole, whole.length / 2));
    assertThat(log.resolve("_last_checkpoint")).doesNotExist();

    DeltaLog.clearCache();
    Snapshot fresh = snapshot(table.path());
    assertThat(fresh.version()).isEqualTo(5);
    assertThat(fresh.checkpointProvider().version()).as("found by listing").isEqualTo(3);
    assertThat(table.readDays(FEED, written.keySet(), 5)).isEqualTo(written);
    CandleTable next = table("killed", 2);
    written.putAll(writeDays(next, FEED, 5, 1));
    next.finishCheckpoints();
    assertThat(next.checkpoints().last())
        .contains(new TableCheckpoints.Done(6, "table-checkpoint", true, KERNEL));
    assertThat(lastCheckpoint(table.path())).contains("\"version\":6");
    assertThat(next.readDays(FEED, written.keySet(), 6)).isEqualTo(written);
  }

  private CandleTable table(String name, int every) {
    return new CandleTable(spark, data.resolve(name).toString(), data, WriteMode.REBUILD, every);
  }

  /** A table as Delta's builder creates it (the default checkpoint interval), at version 0. */
  private String oldTable(String name) {
    String path = data.resolve(name).toString();
    DeltaTable.createIfNotExists(spark)
        .location(path)
        .addColumns(SparkColumns.schema(CandleColumn.TABLE, true))
        .partitionedBy(SparkColumns.PARTITIONS.toArray(String[]::new))
        .execute();
    assertThat(CheckpointInterval.of(snapshot(path).metadata())).isNull();
    return path;
  }

  /** Writes {@code count} days (an hour each) from day {@code first}, one commit per day. */
  private static SortedMap<LocalDate, List<SourceRow>> writeDays(
      CandleTable table, FeedKey feed, int first, int count) {
    SortedMap<LocalDate, List<SourceRow>> written = new TreeMap<>();
    for (int day = first; day < first + count; day++) {
      SortedMap<LocalDate, List<SourceRow>> one = hourOf(day);
      table.write(feed, one);
      written.putAll(one);
    }
    return written;
  }

  private static void commitDirectly(String path, FeedKey feed, int day) {
    commitDirectly(path, feed, day, () -> {});
  }

  private static DirectDayCommit.Written commitDirectly(
      String path, FeedKey feed, int day, Runnable beforeCommit) {
    return DirectDayCommit.commit(spark, path, feed, hourOf(day), true, beforeCommit).orElseThrow();
  }

  static SortedMap<LocalDate, List<SourceRow>> hourOf(int day) {
    Instant start = DAY1.plusSeconds(86_400L * day);
    SortedMap<LocalDate, List<SourceRow>> days = new TreeMap<>();
    days.put(
        TableRows.day(start),
        TestCandles.range(start, start.plusSeconds(3600), Granularity.M1, day).stream()
            .map(c -> new SourceRow(c, "{}"))
            .toList());
    return days;
  }

  static List<Long> checkpointVersions(String path) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(path, "_delta_log"))) {
      return files
          .map(f -> CHECKPOINT.matcher(f.getFileName().toString()))
          .filter(java.util.regex.Matcher::matches)
          .map(m -> Long.parseLong(m.group(1)))
          .sorted()
          .toList();
    }
  }

  private static String lastCheckpoint(String path) throws IOException {
    return Files.readString(Path.of(path, "_delta_log", "_last_checkpoint"));
  }

  private static Snapshot snapshot(String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
  }

  /** Copies what {@link TableCheckpoints} logs into {@code out} until closed. */
  private static AutoCloseable capture(StringWriter out) {
    return LogCapture.of(TableCheckpoints.class, out, "%level %msg %ex%n");
  }
}
