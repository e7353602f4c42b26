package io.backtide.jobs.table;

import static io.backtide.jobs.table.TableCheckpointsTest.FEED;
import static io.backtide.jobs.table.TableCheckpointsTest.checkpointVersions;
import static io.backtide.jobs.table.TableCheckpointsTest.hourOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * The checkpoints Delta Kernel writes for {@link TableCheckpoints}, as Spark's Delta reads them:
 * the same files, statistics and partition values as replaying the JSON log, partition pruning
 * through them, and commits on top; and the fallback to Spark's Delta for a table Kernel does not
 * write.
 */
class KernelCheckpointTest {
  static SparkSession spark;
  @TempDir Path data;

  @BeforeAll
  static void startSpark(@TempDir Path warehouse) {
    spark = TestSpark.local("kernel-checkpoints", warehouse);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void sparkReadsKernelsCheckpointAsTheStateTheLogReplays() throws IOException {
    CandleTable table = table("kernel", 5);
    SortedMap<LocalDate, List<SourceRow>> written = new TreeMap<>();
    for (int day = 0; day < 4; day++) {
      written.putAll(write(table, day));
    }
    written.putAll(write(table, 1)); // a rebuild: version 5 removes day 1's first file
    List<Row> replayed = files(table.path());

    table.finishCheckpoints();

    assertThat(table.checkpoints().last())
        .contains(
            new TableCheckpoints.Done(5, "table-checkpoint", true, TableCheckpoints.Writer.KERNEL));
    assertThat(checkpointVersions(table.path())).containsExactly(5L);
    DeltaLog.clearCache();
    Snapshot fresh = snapshot(table.path());
    assertThat(fresh.checkpointProvider().version()).isEqualTo(5);
    assertThat(fresh.logSegment().deltas().isEmpty()).as("nothing left to replay").isTrue();
    assertThat(files(table.path()))
        .as("paths, sizes, partition values, times and statistics")
        .hasSize(4)
        .isEqualTo(replayed);
    String day2 = written.keySet().stream().skip(2).findFirst().orElseThrow().toString();
    assertThat(
            spark
                .read()
                .format("delta")
                .load(table.path())
                .where("date = '" + day2 + "'")
                .inputFiles())
        .as("pruned to the day's one file")
        .hasSize(1)
        .allMatch(f -> f.contains("date=" + day2));
    assertThat(table.readDays(FEED, written.keySet(), 5)).isEqualTo(written);

    written.putAll(write(table, 4));
    DeltaLog.clearCache();
    assertThat(snapshot(table.path()).version()).as("a commit on top of it").isEqualTo(6);
    assertThat(table.readDays(FEED, written.keySet(), 6)).isEqualTo(written);
  }

  @Test
  void aTableKernelDoesNotWriteToIsCheckpointedBySparksDelta() throws IOException {
    CandleTable table = table("change-feed", 3);
    SortedMap<LocalDate, List<SourceRow>> written = new TreeMap<>(write(table, 0));
    // Kernel 4.0 writes no table with the change data feed on.
    spark.sql(
        "ALTER TABLE delta.`"
            + table.path()
            + "` SET TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
    written.putAll(write(table, 1));

    table.finishCheckpoints();

    assertThat(table.checkpoints().last())
        .contains(
            new TableCheckpoints.Done(3, "table-checkpoint", true, TableCheckpoints.Writer.SPARK));
    assertThat(checkpointVersions(table.path())).containsExactly(3L);
    DeltaLog.clearCache();
    assertThat(snapshot(table.path()).checkpointProvider().version()).isEqualTo(3);
    assertThat(table.readDays(FEED, written.keySet(), 3)).isEqualTo(written);
  }

  /** A table whose job checkpoints it {@code every} versions. */
  private CandleTable table(String name, int every) {
    return new CandleTable(spark, data.resolve(name).toString(), data, WriteMode.REBUILD, every);
  }

  private static SortedMap<LocalDate, List<SourceRow>> write(CandleTable table, int day) {
    SortedMap<LocalDate, List<SourceRow>> one = hourOf(day);
    table.write(FEED, one);
    return one;
  }

  /** The snapshot's files as Spark's Delta sees them, in path order. */
  private static List<Row> files(String path) {
    return snapshot(path)
        .allFiles()
        .toDF()
        .selectExpr("path", "size", "cast(partitionValues as string)", "modificationTime", "stats")
        .orderBy("path")
        .collectAsList();
  }

  private static Snapshot snapshot(String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
  }
}
