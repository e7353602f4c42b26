package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.backtest.Bar;
import io.backtide.backtest.DayFiles;
import io.backtide.backtest.TestSpark;
import io.backtide.core.Micros;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain pages without nulls are copied in bulk, with exactly the values Spark reads; pages with
 * nulls or another encoding are left to Parquet's column reader.
 */
class ColumnPagesTest {

  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start(dir);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void aDayFileOfDistinctValuesIsCopiedInBulkColumnByColumnAsSparkReadsIt() throws IOException {
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < 1440; i++) {
      double p = 100 + Math.sin(i / 30.0) * 7 + i * 1e-6;
      bars.add(new Bar(T0.plusSeconds(60L * i), p, p + 1.5, p - 1.5, p + 0.25, 3.0 + i * 0.001));
    }
    Path file = DayFiles.writeFile(spark, dir.resolve("plain.parquet"), bars);

    Map<String, Object> read = readInBulk(file);

    assertThat(read).containsOnlyKeys(names());
    assertThat(read.values()).doesNotContainNull();
    assertSameAsSpark(file, read);
  }

  @Test
  void optionalColumnsWithoutNullsAreCopiedInBulkAndOnesWithNullsOrRepeatsAreNot()
      throws IOException {
    StructType schema = new StructType();
    for (StructField f : CandleReader.BARS.fields()) {
      schema = schema.add(f.name(), f.dataType(), true);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Double open = i % 89 == 5 ? null : 10.0 + i; // nulls
      double volume = i % 3; // three values: dictionary-encoded
      rows.add(
          RowFactory.create(
              Timestamp.from(T0.plusSeconds(i)), open, 11.0 + i, 9.0 + i, 10.5 + i, volume));
    }
    Path file = write(schema, rows, dir.resolve("optional.parquet"));

    Map<String, Object> read = readInBulk(file);

    assertThat(read.get("open")).as("a column with nulls").isNull();
    assertThat(read.get("volume")).as("a dictionary-encoded column").isNull();
    assertThat(read.get("ts_event")).isNotNull();
    assertThat(read.get("high")).isNotNull();
    assertThat(read.get("close")).isNotNull();
    assertSameAsSpark(file, read);
  }

  @Test
  void definitionLevelsAreAllOnesOnlyForRunLengthRunsOfOnesCoveringThePage() {
    byte[] oneRun = {(byte) 0x80, 0x16, 1}; // header 2816 = 1408 << 1: 1408 ones
    byte[] twoRuns = {0x0a, 1, 0x0c, 1}; // 5 ones, then 6 ones
    byte[] zeros = {0x14, 0}; // 10 zeros: 10 nulls
    byte[] bitPacked = {0x03, (byte) 0xff}; // one bit-packed group of 8

    assertThat(ColumnPages.allOnes(oneRun, 0, oneRun.length, 1408)).isTrue();
    assertThat(ColumnPages.allOnes(oneRun, 0, oneRun.length, 1409)).as("too few").isFalse();
    assertThat(ColumnPages.allOnes(twoRuns, 0, twoRuns.length, 11)).isTrue();
    assertThat(ColumnPages.allOnes(zeros, 0, zeros.length, 10)).isFalse();
    assertThat(ColumnPages.allOnes(bitPacked, 0, bitPacked.length, 8)).isFalse();
    assertThat(ColumnPages.allOnes(oneRun, 0, 1, 1408)).as("cut off").isFalse();
  }

  private static List<String> names() {
    return List.of(CandleReader.BARS.fieldNames());
  }

  /**
   * Each candle column of {@code file} (one row group per 1,440 rows or fewer) as read in bulk
   * ({@code long[]} or {@code double[]}), or null where a row group's pages were not plain.
   */
  private static Map<String, Object> readInBulk(Path file) throws IOException {
    Map<String, Object> columns = new LinkedHashMap<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore rows = reader.readNextRowGroup();
      int n = Math.toIntExact(rows.getRowCount());
      assertThat(reader.readNextRowGroup()).as("one row group").isNull();
      for (String name : names()) {
        ColumnDescriptor d = schema.getColumnDescription(new String[] {name});
        boolean ts = name.equals("ts_event");
        OnHeapColumnVector v =
            new OnHeapColumnVector(n, ts ? DataTypes.TimestampType : DataTypes.DoubleType);
        boolean bulk = ColumnPages.read(rows.getPageReader(d)).copyInBulk(d, n, v);
        columns.put(name, !bulk ? null : ts ? v.getLongs(0, n) : v.getDoubles(0, n));
      }
    }
    return columns;
  }

  /** The columns read in bulk hold exactly what Spark's Parquet reader reads, row by row. */
  private static void assertSameAsSpark(Path file, Map<String, Object> read) {
    List<Row> spark =
        ColumnPagesTest.spark
            .read()
            .schema(CandleReader.BARS)
            .parquet(file.toString())
            .collectAsList();
    List<String> names = names();
    for (int c = 0; c < names.size(); c++) {
      Object column = read.get(names.get(c));
      for (int r = 0; column != null && r < spark.size(); r++) {
        Object expected =
            c == 0 ? Micros.of(spark.get(r).getTimestamp(0).toInstant()) : spark.get(r).get(c);
        Object actual = column instanceof long[] l ? (Object) l[r] : ((double[]) column)[r];
        assertThat(actual).as("%s row %d", names.get(c), r).isEqualTo(expected);
      }
    }
  }

  private static Path write(StructType schema, List<Row> rows, Path target) throws IOException {
    Path staging = target.resolveSibling("staging-" + target.getFileName());
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .option("parquet.page.size", 4096)
        .parquet(staging.toString());
    try (Stream<Path> parts = Files.list(staging)) {
      Path part = parts.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
      return Files.move(part, target);
    }
  }
}
