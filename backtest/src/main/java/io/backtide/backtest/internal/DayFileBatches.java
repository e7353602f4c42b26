package io.backtide.backtest.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Decodes the timestamp and double columns of one local Parquet day file into column batches (one
 * per row group), opening the file once and parsing its footer once. A column whose pages are plain
 * and without nulls is copied in bulk ({@link ColumnPages}); any other goes through Parquet's
 * column reader value by value. Only the plain layout the storage contract writes is decoded here:
 * each wanted column present under its exact name, a {@code TIMESTAMP(MICROS, UTC)} {@code INT64}
 * for a timestamp, a {@code DOUBLE} for a double, and no Spark legacy-calendar marker; for any
 * other file {@link #read} says so and the caller reads it with Spark's reader, which knows every
 * other case (missing columns, case-insensitive names, type widening, calendar rebasing).
 */
final class DayFileBatches {
  private static final String LEGACY_CALENDAR = "org.apache.spark.legacy";
  private static final GroupConverter IGNORED = new Ignored();

  /**
   * Parquet's defaults for every reader setting: a configuration made with Hadoop's defaults would
   * parse its {@code *-default.xml} files again for every file (most of the read's time).
   */
  private static final Configuration NO_DEFAULTS = new Configuration(false);

  private DayFileBatches() {}

  /**
   * The row groups of {@code file} whose middle lies in {@code [start, start + length)} (how
   * Parquet splits a file between tasks), as batches of the columns of {@code schema}; empty when
   * the file's layout is not the plain one.
   *
   * @throws IOException when the file cannot be read or is not Parquet
   */
  static Optional<List<ColumnarBatch>> read(Path file, long start, long length, StructType schema)
      throws IOException {
    ParquetReadOptions options =
        HadoopReadOptions.builder(NO_DEFAULTS).withRange(start, start + length).build();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
      FileMetaData meta = reader.getFooter().getFileMetaData();
      Optional<MessageType> wanted = plainColumns(meta, schema);
      if (wanted.isEmpty()) {
        return Optional.empty();
      }
      reader.setRequestedSchema(wanted.get());
      List<ColumnarBatch> batches = new ArrayList<>();
      for (PageReadStore rows = reader.readNextRowGroup();
          rows != null;
          rows = reader.readNextRowGroup()) {
        batches.add(batch(rows, wanted.get(), schema, meta.getCreatedBy()));
      }
      return Optional.of(batches);
    }
  }

  /** The file's columns for {@code schema}, in its order, if all are in the plain layout. */
  static Optional<MessageType> plainColumns(FileMetaData meta, StructType schema) {
    if (meta.getKeyValueMetaData().keySet().stream().anyMatch(k -> k.startsWith(LEGACY_CALENDAR))) {
      return Optional.empty();
    }
    MessageType fileSchema = meta.getSchema();
    List<Type> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!fileSchema.containsField(f.name())) {
        return Optional.empty();
      }
      Type t = fileSchema.getType(f.name());
      if (!t.isPrimitive()
          || t.isRepetition(Type.Repetition.REPEATED)
          || !plain(t.asPrimitiveType(), f.dataType())) {
        return Optional.empty();
      }
      columns.add(t);
    }
    return Optional.of(new MessageType(fileSchema.getName(), columns));
  }

  private static boolean plain(PrimitiveType t, DataType type) {
    LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
    if (type.equals(DataTypes.DoubleType)) {
      return t.getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE && logical == null;
    }
    return type.equals(DataTypes.TimestampType)
        && t.getPrimitiveTypeName() == PrimitiveTypeName.INT64
        && logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
        && ts.getUnit() == TimeUnit.MICROS
        && ts.isAdjustedToUTC();
  }

  private static ColumnarBatch batch(
      PageReadStore rows, MessageType columns, StructType schema, String createdBy)
      throws IOException {
    int n = Math.toIntExact(rows.getRowCount());
    List<ColumnDescriptor> descriptors = columns.getColumns();
    ColumnVector[] vectors = new ColumnVector[descriptors.size()];
    for (int c = 0; c < vectors.length; c++) {
      ColumnDescriptor d = descriptors.get(c);
      OnHeapColumnVector v = new OnHeapColumnVector(n, schema.fields()[c].dataType());
      ColumnPages pages = ColumnPages.read(rows.getPageReader(d));
      if (!pages.copyInBulk(d, n, v)) {
        decode(columnReader(pages, d, columns, n, createdBy), d, n, v);
      }
      vectors[c] = v;
    }
    return new ColumnarBatch(vectors, n);
  }

  /** Parquet's reader of column {@code d}, over its pages read before. */
  private static ColumnReader columnReader(
      ColumnPages pages, ColumnDescriptor d, MessageType columns, int n, String createdBy) {
    PageReadStore one =
        new PageReadStore() {
          @Override
          public PageReader getPageReader(ColumnDescriptor column) {
            return pages;
          }

          @Override
          public long getRowCount() {
            return n;
          }
        };
    return new ColumnReadStoreImpl(one, IGNORED, columns, createdBy).getColumnReader(d);
  }

  /** {@code n} values of a flat column, nulls where the definition level says so. */
  private static void decode(ColumnReader in, ColumnDescriptor d, int n, OnHeapColumnVector to) {
    int defined = d.getMaxDefinitionLevel();
    boolean longs = d.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64;
    for (int i = 0; i < n; i++) {
      if (in.getCurrentDefinitionLevel() < defined) {
        to.putNull(i);
      } else if (longs) {
        to.putLong(i, in.getLong());
      } else {
        to.putDouble(i, in.getDouble());
      }
      in.consume();
    }
  }

  /** Values are taken from the column readers, not pushed to converters. */
  private static final class Ignored extends GroupConverter {
    private final PrimitiveConverter primitive = new PrimitiveConverter() {};

    @Override
    public Converter getConverter(int fieldIndex) {
      return primitive;
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
