package io.backtide.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** The table's creation by a Delta transaction of our own, against Delta's SQL builder. */
class TableCreateTest {
  static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");

  static SparkSession spark;
  @TempDir Path data;

  @BeforeAll
  static void startSpark(@TempDir Path warehouse) {
    spark = TestSpark.local("create-test", warehouse);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void createsTheTableDeltasBuilderCreatesAndSparkReadsIt() {
    String mine = data.resolve("mine").toString();
    String builders = data.resolve("builders").toString();
    DeltaTable.createIfNotExists(spark)
        .location(builders)
        .addColumns(SparkColumns.schema(CandleColumn.TABLE, true))
        .partitionedBy(SparkColumns.PARTITIONS.toArray(String[]::new))
        .execute();

    assertThat(TableCreate.createIfMissing(spark, mine)).as("created").isTrue();

    Snapshot created = snapshot(mine);
    Snapshot expected = snapshot(builders);
    assertThat(created.version()).as("one commit").isZero();
    assertThat(created.metadata().schema()).isEqualTo(expected.metadata().schema());
    assertThat(CollectionConverters.asJava(created.metadata().partitionColumns()))
        .containsExactlyElementsOf(SparkColumns.PARTITIONS);
    // The builder's configuration plus the interval that keeps Delta's checkpoint out of commits.
    assertThat(CollectionConverters.asJava(created.metadata().configuration()))
        .isEqualTo(
            with(
                CollectionConverters.asJava(expected.metadata().configuration()),
                CheckpointInterval.KEY,
                CheckpointInterval.NEVER));
    assertThat(created.metadata().format()).isEqualTo(expected.metadata().format());
    assertThat(created.protocol()).isEqualTo(expected.protocol());
    assertThat(DeltaTable.isDeltaTable(spark, mine)).isTrue();
    assertThat(DeltaTable.forPath(spark, mine).history().first().<String>getAs("operation"))
        .isEqualTo("CREATE TABLE");
    assertThat(spark.read().format("delta").load(mine).schema())
        .isEqualTo(SparkColumns.schema(CandleColumn.TABLE, true));
  }

  @Test
  void anExistingTableIsLeftAsItIsAndStillTakesWrites() {
    CandleTable first = new CandleTable(spark, data, WriteMode.REBUILD);
    first.write(FEED, hourOf(DAY1));
    String id = snapshot(first.path()).metadata().id();

    assertThat(TableCreate.createIfMissing(spark, first.path())).as("not created").isFalse();
    CandleTable second = new CandleTable(spark, data, WriteMode.REBUILD);
    TableCommit commit = second.write(FEED, hourOf(DAY1.plusSeconds(86_400)));

    assertThat(snapshot(first.path()).metadata().id()).as("the same table").isEqualTo(id);
    assertThat(commit.version()).as("create, first write, second write").isEqualTo(2);
    assertThat(spark.read().format("delta").load(first.path()).count()).isEqualTo(120);
  }

  @Test
  void aTableCreatedConcurrentlyWinsAndThisCallUsesIt() {
    String path = data.resolve("raced").toString();
    String[] winner = new String[1];

    boolean created =
        TableCreate.createIfMissing(
            spark,
            path,
            () -> {
              assertThat(TableCreate.createIfMissing(spark, path)).isTrue();
              winner[0] = snapshot(path).metadata().id();
            });

    assertThat(created).as("the other call created it").isFalse();
    Snapshot table = snapshot(path);
    assertThat(table.version()).as("one creation only").isZero();
    assertThat(table.metadata().id()).isEqualTo(winner[0]);
  }

  @Test
  void aCreationThatFailedBeforeItsCommitLeavesNoTableAndTheNextOneCreatesIt() throws Exception {
    String path = data.resolve("failed").toString();

    assertThatThrownBy(
            () ->
                TableCreate.createIfMissing(
                    spark,
                    path,
                    () -> {
                      throw new IllegalStateException("the job died here");
                    }))
        .hasMessageContaining("died");
    Files.createDirectories(Path.of(path, "_delta_log"));

    assertThat(DeltaTable.isDeltaTable(spark, path)).as("no half table").isFalse();
    CandleTable table = new CandleTable(spark, path, data, WriteMode.REBUILD);
    TableCommit commit = table.write(FEED, hourOf(DAY1));
    assertThat(commit.version()).isEqualTo(1);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(60);
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    Map<String, String> out = new HashMap<>(map);
    out.put(key, value);
    return out;
  }

  private static Snapshot snapshot(String path) {
    return DeltaLog.forTable(spark, path).update(false, scala.Option.empty(), scala.Option.empty());
  }

  private static SortedMap<LocalDate, List<SourceRow>> hourOf(Instant start) {
    SortedMap<LocalDate, List<SourceRow>> days = new TreeMap<>();
    days.put(
        TableRows.day(start),
        TestCandles.range(start, start.plusSeconds(3600), Granularity.M1, 0).stream()
            .map(c -> new SourceRow(c, "{}"))
            .toList());
    return days;
  }
}
