package io.backtide.jobs.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backtide.core.Candle;
import io.backtide.core.CandleColumn;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The Delta table's data files (the columns that are not partition columns) read with parquet-mr,
 * whether Spark wrote them or the direct commit (in the published layout, {@link PublishedDayFile}:
 * the same columns by name, plus the feed's, which are not read), and the file statistics the
 * direct commit records for them.
 */
final class TableDataFile {
  /** The data columns, as Spark writes them for the table's (nullable) schema: what is read. */
  static final MessageType SCHEMA = CandleParquet.schema("spark_schema", CandleColumn.DATA, false);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter STATS_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private static final String TS = CandleColumn.TS_EVENT.columnName();

  static {
    requireValuesInOrder();
  }

  private TableDataFile() {}

  /** A data file this class does not read (the caller then goes through Spark). */
  static final class Unreadable extends IOException {
    Unreadable(String message) {
      super(message);
    }
  }

  /**
   * The file statistics Delta's writer would record (row count, per-column minimum, maximum and
   * null count; timestamps in milliseconds, as Delta truncates them), which data skipping reads.
   * The string column {@code meta} gets no minimum or maximum: Delta's truncation rules for long
   * strings are its own, and a missing bound only means that column never skips a file.
   */
  /** {@link #stats} reads a candle's values in the order of {@link CandleColumn#VALUES}. */
  private static void requireValuesInOrder() {
    if (!CandleColumn.VALUES.equals(
        List.of(
            CandleColumn.OPEN,
            CandleColumn.HIGH,
            CandleColumn.LOW,
            CandleColumn.CLOSE,
            CandleColumn.VOLUME))) {
      throw new IllegalStateException("CandleColumn.VALUES changed order: update stats()");
    }
  }

  private static void fold(double[] min, double[] max, int i, double value) {
    min[i] = Math.min(min[i], value);
    max[i] = Math.max(max[i], value);
  }

  static String stats(List<SourceRow> rows) {
    Instant minTs = rows.get(0).candle().tsEvent();
    Instant maxTs = minTs;
    List<CandleColumn> values = CandleColumn.VALUES;
    double[] min = new double[values.size()];
    double[] max = new double[values.size()];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (SourceRow row : rows) {
      Candle c = row.candle();
      Instant ts = c.tsEvent();
      minTs = ts.isBefore(minTs) ? ts : minTs;
      maxTs = ts.isAfter(maxTs) ? ts : maxTs;
      // in the order of CandleColumn.VALUES (checked when the class loads), read directly:
      // a column switch per value was ~2% of a 1s archive job's CPU
      fold(min, max, 0, c.open());
      fold(min, max, 1, c.high());
      fold(min, max, 2, c.low());
      fold(min, max, 3, c.close());
      fold(min, max, 4, c.volume());
    }
    ObjectNode stats = JSON.createObjectNode();
    stats.put("numRecords", rows.size());
    ObjectNode minValues = stats.putObject("minValues");
    ObjectNode maxValues = stats.putObject("maxValues");
    ObjectNode nullCount = stats.putObject("nullCount");
    minValues.put(TS, STATS_TIME.format(minTs));
    maxValues.put(TS, STATS_TIME.format(maxTs));
    nullCount.put(TS, 0);
    for (int i = 0; i < min.length; i++) {
      minValues.put(values.get(i).columnName(), min[i]);
      maxValues.put(values.get(i).columnName(), max[i]);
      nullCount.put(values.get(i).columnName(), 0);
    }
    nullCount.put(CandleColumn.META.columnName(), 0);
    return stats.toString();
  }

  /**
   * Reads every row of a data file into {@code sink}.
   *
   * @throws Unreadable when a column is missing, has another type, or holds a null
   */
  static void read(Path file, Consumer<SourceRow> sink) throws IOException {
    long microsPerUnit = checkSchema(file);
    try (ParquetReader<Group> reader =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(CandleParquet.hadoopConf())
            .build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        sink.accept(row(file, g, microsPerUnit));
      }
    }
  }

  private static SourceRow row(Path file, Group g, long microsPerUnit) throws Unreadable {
    for (int i = 0; i < SCHEMA.getFieldCount(); i++) {
      if (g.getFieldRepetitionCount(SCHEMA.getFieldName(i)) != 1) {
        throw new Unreadable(file + " holds a null " + SCHEMA.getFieldName(i));
      }
    }
    long micros = g.getLong(TS, 0) * microsPerUnit;
    Instant ts =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    double[] v = new double[CandleColumn.VALUES.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = g.getDouble(CandleColumn.VALUES.get(i).columnName(), 0);
    }
    return new SourceRow(
        new Candle(ts, v[0], v[1], v[2], v[3], v[4]),
        g.getString(CandleColumn.META.columnName(), 0));
  }

  /** Checks the columns and returns the timestamp unit in microseconds. */
  private static long checkSchema(Path file) throws IOException {
    MessageType schema;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      schema = reader.getFileMetaData().getSchema();
    }
    long microsPerUnit = 0;
    for (Type expected : SCHEMA.getFields()) {
      if (!schema.containsField(expected.getName())) {
        throw new Unreadable(file + " has no column " + expected.getName());
      }
      Type actual = schema.getType(expected.getName());
      if (!actual.isPrimitive()
          || actual.isRepetition(Type.Repetition.REPEATED)
          || actual.asPrimitiveType().getPrimitiveTypeName()
              != expected.asPrimitiveType().getPrimitiveTypeName()) {
        throw new Unreadable(file + " stores " + expected.getName() + " as " + actual);
      }
      if (expected.getName().equals(TS)) {
        microsPerUnit = microsPerUnit(file, actual.asPrimitiveType());
      }
    }
    return microsPerUnit;
  }

  private static long microsPerUnit(Path file, PrimitiveType ts) throws Unreadable {
    LogicalTypeAnnotation annotation = ts.getLogicalTypeAnnotation();
    if (ts.getPrimitiveTypeName() == PrimitiveTypeName.INT64
        && annotation instanceof TimestampLogicalTypeAnnotation t
        && t.isAdjustedToUTC()) {
      if (t.getUnit() == TimeUnit.MICROS) {
        return 1;
      }
      if (t.getUnit() == TimeUnit.MILLIS) {
        return 1000;
      }
    }
    throw new Unreadable(file + " stores ts_event as " + ts);
  }
}
