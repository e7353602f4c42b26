package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes provider rows of one feed with parquet-mr in a list of candle columns: the table's data
 * files, the staged batches and the published days differ only in their columns and writer options.
 * The rows go straight into parquet-mr's column writers ({@link RowGroupWriter}, the one place
 * where a column's value becomes a Parquet value), with the bytes parquet-mr's {@code
 * ParquetWriter} would write for them.
 */
public final class CandleParquet {
  /**
   * Hadoop's default configuration, parsed once. A parquet-mr builder otherwise makes a new one per
   * file, and its first lookup parses Hadoop's XML resources again: that was about 40% of the CPU
   * time of writing a year of 1m day files (two per day, table and published).
   */
  private static final Configuration LOADED = loaded();

  /**
   * The first size of the compressor's output buffer (it grows as a page needs). parquet-mr's own
   * codec factory makes it the page size, 1 MiB: zeroing that per file was about 6% of the CPU time
   * of writing a year of 1m day files, whose pages are tens of kilobytes. The bytes written are the
   * same.
   */
  static final int COMPRESSOR_BUFFER_BYTES = 64 * 1024;

  private CandleParquet() {}

  /** The Parquet schema {@code message name} of {@code columns}. */
  public static MessageType schema(String name, List<CandleColumn> columns, boolean required) {
    return MessageTypeParser.parseMessageType(CandleColumn.parquetMessage(name, columns, required));
  }

  /**
   * The settings of a new local {@code file} of {@code schema}; {@code feed} may be null when
   * {@code schema} holds none of {@link CandleColumn#FEED}.
   */
  public static Writer writer(Path file, MessageType schema, FeedKey feed) {
    return new Writer(file, schema, feed);
  }

  /** The candle column of each field of {@code schema}, in field order. */
  static CandleColumn[] columns(MessageType schema) {
    CandleColumn[] columns = new CandleColumn[schema.getFieldCount()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = CandleColumn.valueOf(schema.getFieldName(i).toUpperCase(Locale.ROOT));
    }
    return columns;
  }

  /** A copy of Hadoop's default configuration, parsed once (a copy: parquet-mr may set values). */
  public static Configuration hadoopConf() {
    return new Configuration(LOADED);
  }

  private static Configuration loaded() {
    Configuration conf = new Configuration();
    conf.size(); // parses the resources now, once
    return conf;
  }

  /** The settings of a file of provider rows; parquet-mr's defaults where none is set. */
  public static final class Writer {
    private final Path file;
    private final MessageType schema;
    private final FeedKey feed;
    private final ParquetProperties.Builder props = ParquetProperties.builder();
    private final CandleColumn[] columns;
    private CompressionCodecName codec = CompressionCodecName.UNCOMPRESSED;
    private long rowGroupSize = ParquetWriter.DEFAULT_BLOCK_SIZE;

    private Writer(Path file, MessageType schema, FeedKey feed) {
      this.file = file;
      this.schema = schema;
      this.feed = feed;
      this.columns = columns(schema);
    }

    public Writer withCompressionCodec(CompressionCodecName codec) {
      this.codec = codec;
      return this;
    }

    public Writer withRowGroupSize(long bytes) {
      this.rowGroupSize = bytes;
      return this;
    }

    public Writer withDictionaryEncoding(boolean enabled) {
      props.withDictionaryEncoding(enabled);
      return this;
    }

    public Writer withDictionaryEncoding(String column, boolean enabled) {
      props.withDictionaryEncoding(column, enabled);
      return this;
    }
  }

  /**
   * Writes {@code rows} to the writer's new file. A column whose value differs on every row ({@code
   * ts_event} always; {@code meta} of Binance rows, the close time is in it; prices that never
   * repeat in the day) is written without a dictionary: parquet-mr would build one of every value,
   * find it no smaller and write the values plain anyway, the same bytes, after spending about a
   * third of the writing time hashing them ({@link DistinctValues}).
   */
  public static void writeAll(Writer writer, List<SourceRow> rows) throws IOException {
    for (CandleColumn column : writer.columns) {
      if (!CandleColumn.FEED.contains(column) && DistinctValues.in(rows, column)) {
        writer.withDictionaryEncoding(column.columnName(), false);
      }
    }
    ParquetProperties props = writer.props.build();
    // Read only here: the factory never sets a value, and its codecs are made once per JVM.
    // Copying the configuration per file was ~9% of writing a year of 1m day files.
    CodecFactory codecs = new CodecFactory(LOADED, COMPRESSOR_BUFFER_BYTES);
    try (ParquetFileWriter file =
        new ParquetFileWriter(
            new LocalOutputFile(writer.file),
            writer.schema,
            ParquetFileWriter.Mode.CREATE,
            writer.rowGroupSize,
            ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
            null,
            props)) {
      file.start();
      new RowGroupWriter(
              file,
              writer.schema,
              writer.feed,
              codecs.getCompressor(writer.codec),
              props,
              writer.rowGroupSize)
          .writeAndEnd(rows);
    } finally {
      codecs.release();
    }
  }
}
