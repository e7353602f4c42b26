package io.backtide.jobs.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backtide.core.Candle;
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
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The Delta table's data files (the columns that are not partition columns), written and read with
 * parquet-mr: written as Spark writes them, read whether Spark or this class wrote them.
 */
final class DataFiles {
  /** The data columns, as Spark writes them for the table's (nullable) schema. */
  static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message spark_schema {
            optional int64 ts_event (TIMESTAMP(MICROS,true));
            optional double open;
            optional double high;
            optional double low;
            optional double close;
            optional double volume;
            optional binary meta (STRING);
          }
          """);

  static final String[] VALUE_COLUMNS = {"open", "high", "low", "close", "volume"};

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter STATS_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private DataFiles() {}

  /** A data file this class does not read (the caller then goes through Spark). */
  static final class Unreadable extends IOException {
    Unreadable(String message) {
      super(message);
    }
  }

  /** Writes rows in the table's data layout: snappy, dictionary-encoded, like Spark's writer. */
  static void write(Path file, List<SourceRow> rows) throws IOException {
    try (ParquetWriter<SourceRow> writer =
        new SourceRowParquetBuilder(new LocalOutputFile(file), new DataWriteSupport())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .withDictionaryEncoding(true)
            .build()) {
      for (SourceRow row : rows) {
        writer.write(row);
      }
    }
  }

  /**
   * The file statistics Delta's writer would record (row count, per-column minimum, maximum and
   * null count; timestamps in milliseconds, as Delta truncates them), which data skipping reads.
   * The string column {@code meta} gets no minimum or maximum: Delta's truncation rules for long
   * strings are its own, and a missing bound only means that column never skips a file.
   */
  static String stats(List<SourceRow> rows) {
    Instant minTs = rows.get(0).candle().tsEvent();
    Instant maxTs = minTs;
    double[] min = new double[VALUE_COLUMNS.length];
    double[] max = new double[VALUE_COLUMNS.length];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (SourceRow row : rows) {
      Candle c = row.candle();
      Instant ts = c.tsEvent();
      minTs = ts.isBefore(minTs) ? ts : minTs;
      maxTs = ts.isAfter(maxTs) ? ts : maxTs;
      double[] values = {c.open(), c.high(), c.low(), c.close(), c.volume()};
      for (int i = 0; i < values.length; i++) {
        min[i] = Math.min(min[i], values[i]);
        max[i] = Math.max(max[i], values[i]);
      }
    }
    ObjectNode stats = JSON.createObjectNode();
    stats.put("numRecords", rows.size());
    ObjectNode minValues = stats.putObject("minValues");
    ObjectNode maxValues = stats.putObject("maxValues");
    ObjectNode nullCount = stats.putObject("nullCount");
    minValues.put(CandleRows.TS, STATS_TIME.format(minTs));
    maxValues.put(CandleRows.TS, STATS_TIME.format(maxTs));
    nullCount.put(CandleRows.TS, 0);
    for (int i = 0; i < VALUE_COLUMNS.length; i++) {
      minValues.put(VALUE_COLUMNS[i], min[i]);
      maxValues.put(VALUE_COLUMNS[i], max[i]);
      nullCount.put(VALUE_COLUMNS[i], 0);
    }
    nullCount.put("meta", 0);
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
    long micros = g.getLong(CandleRows.TS, 0) * microsPerUnit;
    Instant ts =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    return new SourceRow(
        new Candle(
            ts,
            g.getDouble("open", 0),
            g.getDouble("high", 0),
            g.getDouble("low", 0),
            g.getDouble("close", 0),
            g.getDouble("volume", 0)),
        g.getString("meta", 0));
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
      if (expected.getName().equals(CandleRows.TS)) {
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

  private static final class DataWriteSupport extends SourceRowWriteSupport {
    DataWriteSupport() {
      super(SCHEMA);
    }

    @Override
    void writeFields(SourceRow row) {
      Candle c = row.candle();
      longField(0, c.tsEventMicros());
      doubleField(1, c.open());
      doubleField(2, c.high());
      doubleField(3, c.low());
      doubleField(4, c.close());
      doubleField(5, c.volume());
      binaryField(6, Binary.fromString(row.meta()));
    }
  }
}
