package io.backtide.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Delta table's writes on their own: the direct day commit, its conflicts, Spark's paths. */
class CandleTableTest {
  static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant DAY4 = Instant.parse("2026-01-04T00:00:00Z");

  static SparkSession spark;
  @TempDir Path data;

  @BeforeAll
  static void startSpark(@TempDir Path warehouse) {
    spark = TestSpark.local("table-test", warehouse);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void freshDaysWrittenWithoutSparkReadBackAndCarryTheStatsSparkWouldRecord() throws Exception {
    List<SourceRow> rows =
        TestCandles.range(DAY1, DAY1.plusSeconds(2 * 86_400L), Granularity.M1, 3).stream()
            .map(c -> new SourceRow(c, "{\"trades\":" + c.volume() + "}"))
            .toList();
    Path direct = data.resolve("direct");
    CandleTable table = new CandleTable(spark, direct, WriteMode.REBUILD);
    TableCommit commit = table.write(FEED, byDay(rows));
    String sparkPath = data.resolve("spark").toString();
    spark
        .createDataFrame(
            rows.stream().map(r -> TableRows.toRow(FEED, r)).toList(), SparkColumns.TABLE)
        .repartition(org.apache.spark.sql.functions.col("date"))
        .write()
        .format("delta")
        .partitionBy(SparkColumns.PARTITIONS.toArray(String[]::new))
        .save(sparkPath);

    assertThat(commit.direct()).as("written without Spark").isTrue();
    assertThat(commit.dayFiles().keySet())
        .containsExactlyInAnyOrder(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02"));
    for (Path file : commit.dayFiles().values()) {
      assertThat(file).startsWith(Path.of(table.path()));
      try (var reader =
          org.apache.parquet.hadoop.ParquetFileReader.open(
              new org.apache.parquet.io.LocalInputFile(file))) {
        assertThat(reader.getFileMetaData().getSchema())
            .as("the published layout: publishing links the file")
            .isEqualTo(PublishedDayFile.SCHEMA);
      }
    }
    assertThat(commit.version()).as("version 0 creates the table, 1 adds the days").isEqualTo(1);
    org.apache.spark.sql.Dataset<Row> mine = spark.read().format("delta").load(table.path());
    org.apache.spark.sql.Dataset<Row> theirs = spark.read().format("delta").load(sparkPath);
    assertThat(mine.count()).isEqualTo(2880);
    assertThat(mine.exceptAll(theirs).count()).as("rows only in the direct write").isZero();
    assertThat(theirs.exceptAll(mine).count()).as("rows only in Spark's write").isZero();
    Map<String, com.fasterxml.jackson.databind.JsonNode> myStats = addedFileStats(table.path());
    Map<String, com.fasterxml.jackson.databind.JsonNode> sparkStats = addedFileStats(sparkPath);
    assertThat(myStats.keySet()).containsExactly("2026-01-01", "2026-01-02");
    for (String day : myStats.keySet()) {
      com.fasterxml.jackson.databind.JsonNode expected = sparkStats.get(day);
      com.fasterxml.jackson.databind.JsonNode actual = myStats.get(day);
      assertThat(actual.get("numRecords")).isEqualTo(expected.get("numRecords"));
      assertThat(actual.get("nullCount")).isEqualTo(expected.get("nullCount"));
      for (String bound : List.of("minValues", "maxValues")) {
        for (String column : List.of("ts_event", "open", "high", "low", "close", "volume")) {
          assertThat(actual.get(bound).get(column).asText())
              .as(day + " " + bound + " " + column)
              .isEqualTo(expected.get(bound).get(column).asText());
        }
      }
    }
    assertThat(mine.where("ts_event >= timestamp'2026-01-02 12:00:00'").inputFiles())
        .as("data skipping by ts_event reads the second day's file only")
        .hasSize(1)
        .allMatch(f -> f.contains("date=2026-01-02"));
  }

  @Test
  void aDayWrittenBySparkIsRebuiltDirectlyWithIncomingRowsWinningAndOneFileLeft() {
    CandleTable table = new CandleTable(spark, data, WriteMode.REBUILD);
    List<Row> threeDays =
        TestCandles.range(DAY1, DAY4, Granularity.M1, 0).stream()
            .map(c -> TableRows.toRow(FEED, new SourceRow(c, "{}")))
            .toList();
    spark
        .createDataFrame(threeDays, SparkColumns.TABLE)
        .repartition(2)
        .write()
        .format("delta")
        .partitionBy(SparkColumns.PARTITIONS.toArray(String[]::new))
        .save(table.path());
    table.ensureExists(); // the checkpoint interval Spark's table lacks: a commit of its own
    long before = table.version();
    assertThat(activeFiles("2026-01-02")).as("Spark wrote two files per day").isEqualTo(2);
    SortedMap<LocalDate, List<SourceRow>> firstHourOfDay2 = hourOf(DAY1.plusSeconds(86_400), 9);

    java.util.Optional<DirectDayCommit.Written> merged =
        DirectDayCommit.commit(spark, table.path(), FEED, firstHourOfDay2, false);
    TableCommit commit = table.write(FEED, firstHourOfDay2);

    assertThat(merged).as("merge mode leaves existing days to Spark").isEmpty();
    assertThat(commit.version()).as("one commit, by the direct rebuild").isEqualTo(before + 1);
    List<SourceRow> day2 = commit.days().get(LocalDate.parse("2026-01-02"));
    assertThat(day2).hasSize(1440);
    assertThat(day2.get(0).candle().open()).as("incoming wins").isEqualTo(109.0);
    assertThat(day2.get(60).candle().open()).as("stored row kept").isEqualTo(100 + 3600 / 1000.0);
    assertThat(tableRows().count()).as("60 rows replaced in place, none added").isEqualTo(4320);
    assertThat(
            tableRows()
                .where(
                    "date = DATE'2026-01-02' AND ts_event < TIMESTAMP'2026-01-02 01:00:00'"
                        + " AND open >= 109")
                .count())
        .isEqualTo(60);
    assertThat(activeFiles("2026-01-02")).as("the day's two files became one").isEqualTo(1);
    assertThat(activeFiles("2026-01-01")).as("other days untouched").isEqualTo(2);
  }

  @Test
  void aDayWithADeletionVectorIsRebuiltThroughSpark() {
    CandleTable table = new CandleTable(spark, data, WriteMode.REBUILD);
    table.write(FEED, hourOf(DAY1, 0));
    spark.sql(
        "ALTER TABLE delta.`"
            + table.path()
            + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
    spark.sql(
        "DELETE FROM delta.`" + table.path() + "` WHERE ts_event < TIMESTAMP'2026-01-01 00:10:00'");
    SortedMap<LocalDate, List<SourceRow>> tenMinutes =
        byDay(
            TestCandles.range(DAY1.plusSeconds(300), DAY1.plusSeconds(900), Granularity.M1, 9)
                .stream()
                .map(c -> new SourceRow(c, "{}"))
                .toList());

    TableCommit commit = table.write(FEED, tenMinutes);

    assertThat(commit.direct()).as("written through Spark, read back to publish").isFalse();
    assertThat(tableRows().count()).as("50 kept + 5 restored").isEqualTo(55);
    assertThat(tableRows().where("open >= 109").count()).isEqualTo(10);
  }

  @Test
  void aConcurrentCommitIntoOtherDaysMakesTheFreshCommitRetryAndSucceed() {
    CandleTable table = new CandleTable(spark, data, WriteMode.REBUILD);
    table.ensureExists();
    FeedKey other = FeedKey.parse("binance/ETHUSDT/candle/1m");

    java.util.Optional<DirectDayCommit.Written> version =
        DirectDayCommit.commit(
            spark,
            table.path(),
            FEED,
            hourOf(DAY1, 0),
            true,
            () -> new CandleTable(spark, data, WriteMode.REBUILD).write(other, hourOf(DAY1, 5)));

    assertThat(version.map(DirectDayCommit.Written::version))
        .as("retried after the conflict")
        .contains(2L);
    assertThat(tableRows().where("subject = 'BTCUSDT'").count()).isEqualTo(60);
    assertThat(tableRows().where("subject = 'ETHUSDT'").count()).isEqualTo(60);
  }

  @Test
  void aConcurrentCommitIntoTheSameDayIsReadBackAndTheIncomingRowsStillWin() throws Exception {
    CandleTable table = new CandleTable(spark, data, WriteMode.REBUILD);

    java.util.Optional<DirectDayCommit.Written> written = commitRacingAnotherCommit(table, true);

    assertThat(written.map(DirectDayCommit.Written::fresh))
        .as("retried as a rebuild")
        .contains(false);
    assertThat(tableRows().count()).isEqualTo(60);
    assertThat(tableRows().where("open >= 107").count()).as("no row of the loser").isZero();
    assertThat(activeFiles("2026-01-01")).isEqualTo(1);
    assertThat(parquetFilesOnDisk(table, DAY1))
        .as("the concurrent commit's file (now removed from the table) and the retry's")
        .isEqualTo(2);
  }

  @Test
  void inMergeModeAConcurrentCommitIntoTheSameDaySendsTheBatchToSpark() throws Exception {
    CandleTable table = new CandleTable(spark, data, WriteMode.MERGE);

    java.util.Optional<DirectDayCommit.Written> written = commitRacingAnotherCommit(table, false);

    assertThat(written).as("the day is no longer empty: not written").isEmpty();
    assertThat(tableRows().count()).as("the concurrent commit's rows only").isEqualTo(60);
    assertThat(tableRows().where("open >= 107").count()).as("prices shifted by 7").isEqualTo(60);
    assertThat(parquetFilesOnDisk(table, DAY1))
        .as("the first attempt's file was removed")
        .isEqualTo(1);
  }

  /**
   * Commits an hour of day 1 (prices + 0) while another commit of the same hour (prices + 7) lands
   * between this one's check and its commit.
   */
  private static java.util.Optional<DirectDayCommit.Written> commitRacingAnotherCommit(
      CandleTable table, boolean rebuild) {
    table.ensureExists();
    return DirectDayCommit.commit(
        spark,
        table.path(),
        FEED,
        hourOf(DAY1, 0),
        rebuild,
        () -> DirectDayCommit.commit(spark, table.path(), FEED, hourOf(DAY1, 7), rebuild));
  }

  private static long parquetFilesOnDisk(CandleTable table, Instant day) throws Exception {
    try (var files =
        Files.walk(Path.of(table.path(), TablePartitions.folder(FEED, TableRows.day(day))))) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  /** An hour of 1m candles from {@code start}, prices shifted by {@code shift}. */
  private static SortedMap<LocalDate, List<SourceRow>> hourOf(Instant start, double shift) {
    return byDay(
        TestCandles.range(start, start.plusSeconds(3600), Granularity.M1, shift).stream()
            .map(c -> new SourceRow(c, "{}"))
            .toList());
  }

  /** Rows (time order, distinct) per day, as a batch hands them to the table. */
  private static SortedMap<LocalDate, List<SourceRow>> byDay(List<SourceRow> rows) {
    SortedMap<LocalDate, List<SourceRow>> days = new TreeMap<>();
    for (SourceRow row : rows) {
      days.computeIfAbsent(TableRows.day(row.candle().tsEvent()), d -> new ArrayList<>()).add(row);
    }
    return days;
  }

  private static Map<String, com.fasterxml.jackson.databind.JsonNode> addedFileStats(String table)
      throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Map<String, com.fasterxml.jackson.databind.JsonNode> byDay = new java.util.TreeMap<>();
    try (var log = Files.list(Path.of(table, "_delta_log"))) {
      for (Path commit : log.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(commit)) {
          com.fasterxml.jackson.databind.JsonNode add = json.readTree(line).get("add");
          if (add != null) {
            byDay.put(
                add.get("partitionValues").get("date").asText(),
                json.readTree(add.get("stats").asText()));
          }
        }
      }
    }
    return byDay;
  }

  private org.apache.spark.sql.Dataset<Row> tableRows() {
    return spark.read().format("delta").load(data.resolve("delta/candles").toString());
  }

  private long activeFiles(String date) {
    return List.of(
            DeltaTable.forPath(spark, data.resolve("delta/candles").toString())
                .toDF()
                .where("date = DATE'" + date + "'")
                .inputFiles())
        .size();
  }
}
