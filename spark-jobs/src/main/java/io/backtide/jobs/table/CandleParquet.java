package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes provider rows of one feed with parquet-mr as records of a list of candle columns: the
 * table's data files, the staged batches and the published days differ only in their columns and
 * writer options. The one place where a column's value becomes a Parquet value.
 */
public final class CandleParquet {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

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
  private static final int COMPRESSOR_BUFFER_BYTES = 64 * 1024;

  private CandleParquet() {}

  /** The Parquet schema {@code message name} of {@code columns}. */
  public static MessageType schema(String name, List<CandleColumn> columns, boolean required) {
    return MessageTypeParser.parseMessageType(CandleColumn.parquetMessage(name, columns, required));
  }

  /**
   * A writer builder for the new local {@code file}; {@code feed} may be null when {@code schema}
   * holds none of {@link CandleColumn#FEED}.
   */
  public static Builder writer(Path file, MessageType schema, FeedKey feed) {
    Configuration conf = hadoopConf();
    return new Builder(file, new Support(schema, feed))
        .withConf(conf)
        .withCodecFactory(new CodecFactory(conf, COMPRESSOR_BUFFER_BYTES))
        .withWriteMode(ParquetFileWriter.Mode.CREATE);
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

  /** A parquet-mr builder for provider rows. */
  public static final class Builder extends ParquetWriter.Builder<SourceRow, Builder> {
    private final Support support;

    private Builder(Path file, Support support) {
      super(new LocalOutputFile(file));
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<SourceRow> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  private static final class Support extends WriteSupport<SourceRow> {
    private final MessageType schema;
    private final CandleColumn[] columns;
    private final Binary[] feedValues;
    private RecordConsumer out;

    Support(MessageType schema, FeedKey feed) {
      this.schema = schema;
      this.columns = new CandleColumn[schema.getFieldCount()];
      this.feedValues = new Binary[columns.length];
      for (int i = 0; i < columns.length; i++) {
        columns[i] =
            CandleColumn.valueOf(schema.getFieldName(i).toUpperCase(java.util.Locale.ROOT));
        if (CandleColumn.FEED.contains(columns[i])) {
          feedValues[i] = bytes(columns[i].value(feed));
        }
      }
    }

    /**
     * The text as a byte-array value: the same bytes as {@link Binary#fromString}, whose
     * byte-buffer values cost more to hash (the feed columns' dictionary) and to compare (every
     * column's min/max statistics), for every row.
     */
    private static Binary bytes(String text) {
      return Binary.fromConstantByteArray(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(SourceRow row) {
      out.startMessage();
      for (int i = 0; i < columns.length; i++) {
        String name = columns[i].columnName();
        out.startField(name, i);
        switch (columns[i]) {
          case SOURCE, SUBJECT, KIND, GRANULARITY -> out.addBinary(feedValues[i]);
          case DATE ->
              out.addInteger((int) Math.floorDiv(row.candle().tsEventMicros(), MICROS_PER_DAY));
          case TS_EVENT -> out.addLong(row.candle().tsEventMicros());
          case OPEN, HIGH, LOW, CLOSE, VOLUME -> out.addDouble(columns[i].value(row.candle()));
          case META -> out.addBinary(bytes(row.meta()));
        }
        out.endField(name, i);
      }
      out.endMessage();
    }
  }

  /**
   * Writes {@code rows} with a built writer and closes it. A column whose value differs on every
   * row ({@code ts_event} always; {@code meta} of Binance rows, the close time is in it; prices
   * that never repeat in the day) is written without a dictionary: parquet-mr would build one of
   * every value, find it no smaller and write the values plain anyway, the same bytes, after
   * spending about a third of the writing time hashing them ({@link DistinctValues}).
   */
  public static void writeAll(Builder builder, List<SourceRow> rows) throws java.io.IOException {
    for (CandleColumn column : builder.support.columns) {
      if (!CandleColumn.FEED.contains(column) && DistinctValues.in(rows, column)) {
        builder.withDictionaryEncoding(column.columnName(), false);
      }
    }
    try (ParquetWriter<SourceRow> writer = builder.build()) {
      for (SourceRow row : rows) {
        writer.write(row);
      }
    }
  }
}
