package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes provider rows of one feed into an open {@link ParquetFileWriter}, straight into
 * parquet-mr's column writers: each row's values go to their columns' writers, then the store ends
 * the record. This is what parquet-mr's {@code ParquetWriter} does underneath its record consumer
 * (which checks, per field, the schema path the record takes); the row groups are cut at the same
 * rows, the pages at the same values, so the bytes are the same (tests compare them). Without the
 * record layer a warm JVM encodes a day of 1s in about a quarter less CPU time (bench/archive.sh's
 * warm ceiling: 754-1,093 -> 566-579 ns per candle).
 */
final class RowGroupWriter {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final ParquetFileWriter file;
  private final MessageType schema;
  private final BytesInputCompressor compressor;
  private final ParquetProperties props;
  private final long rowGroupSizeThreshold;
  private final CandleColumn[] columns;
  private final Binary[] feedValues;
  private final int[] definitionLevels;
  private long nextRowGroupSize;
  private long recordCount;
  private long recordCountForNextMemCheck;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore store;
  private ColumnWriter[] writers;

  RowGroupWriter(
      ParquetFileWriter file,
      MessageType schema,
      FeedKey feed,
      BytesInputCompressor compressor,
      ParquetProperties props,
      long rowGroupSize) {
    this.file = file;
    this.schema = schema;
    this.compressor = compressor;
    this.props = props;
    this.rowGroupSizeThreshold = rowGroupSize;
    this.nextRowGroupSize = rowGroupSize;
    List<ColumnDescriptor> descriptors = schema.getColumns();
    this.columns = CandleParquet.columns(schema);
    this.feedValues = new Binary[columns.length];
    this.definitionLevels = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      definitionLevels[i] = descriptors.get(i).getMaxDefinitionLevel();
      if (CandleColumn.FEED.contains(columns[i])) {
        feedValues[i] = bytes(columns[i].value(feed));
      }
    }
    this.recordCountForNextMemCheck = props.getMinRowCountForPageSizeCheck();
    startRowGroup();
  }

  /**
   * The text as a byte-array value: the same bytes as {@link Binary#fromString}, whose byte-buffer
   * values cost more to hash (the feed columns' dictionary) and to compare (every column's min/max
   * statistics), for every row.
   */
  static Binary bytes(String text) {
    return Binary.fromConstantByteArray(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the rows, then the last row group and the footer; the file is closed after. */
  void writeAndEnd(List<SourceRow> rows) throws IOException {
    for (SourceRow row : rows) {
      write(row);
    }
    flushRowGroup();
    file.end(new HashMap<>());
  }

  private void write(SourceRow row) throws IOException {
    for (int i = 0; i < columns.length; i++) {
      ColumnWriter out = writers[i];
      int d = definitionLevels[i];
      switch (columns[i]) {
        case SOURCE, SUBJECT, KIND, GRANULARITY -> out.write(feedValues[i], 0, d);
        case DATE ->
            out.write((int) Math.floorDiv(row.candle().tsEventMicros(), MICROS_PER_DAY), 0, d);
        case TS_EVENT -> out.write(row.candle().tsEventMicros(), 0, d);
        case OPEN, HIGH, LOW, CLOSE, VOLUME -> out.write(columns[i].value(row.candle()), 0, d);
        case META -> out.write(bytes(row.meta()), 0, d);
      }
    }
    store.endRecord();
    recordCount++;
    checkBlockSizeReached();
  }

  private void startRowGroup() {
    pages =
        new ColumnChunkPageWriteStore(
            compressor,
            schema,
            props.getAllocator(),
            props.getColumnIndexTruncateLength(),
            props.getPageWriteChecksumEnabled(),
            null,
            0);
    store = props.newColumnWriteStore(schema, pages, pages);
    writers = new ColumnWriter[columns.length];
    for (int i = 0; i < columns.length; i++) {
      writers[i] = store.getColumnWriter(schema.getColumns().get(i));
    }
  }

  /** parquet-mr's row group rule ({@code InternalParquetRecordWriter}), unchanged. */
  private void checkBlockSizeReached() throws IOException {
    if (recordCount < recordCountForNextMemCheck) {
      return;
    }
    long memSize = store.getBufferedSize();
    long recordSize = memSize / recordCount;
    if (memSize > (nextRowGroupSize - 2 * recordSize)) {
      flushRowGroup();
      startRowGroup();
      recordCountForNextMemCheck =
          Math.min(
              Math.max(props.getMinRowCountForPageSizeCheck(), recordCount / 2),
              props.getMaxRowCountForPageSizeCheck());
    } else {
      recordCountForNextMemCheck =
          Math.min(
              Math.max(
                  props.getMinRowCountForPageSizeCheck(),
                  (recordCount + (long) (nextRowGroupSize / ((float) recordSize))) / 2),
              recordCount + props.getMaxRowCountForPageSizeCheck());
    }
  }

  private void flushRowGroup() throws IOException {
    try {
      if (recordCount > 0) {
        file.startBlock(recordCount);
        store.flush();
        pages.flushToFileWriter(file);
        recordCount = 0;
        file.endBlock();
        nextRowGroupSize = Math.min(file.getNextRowGroupSize(), rowGroupSizeThreshold);
      }
    } finally {
      store.close();
      pages.close();
    }
  }
}
