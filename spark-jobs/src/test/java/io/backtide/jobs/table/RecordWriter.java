package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
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

/**
 * The reference the day files' bytes are checked against: parquet-mr's own {@link ParquetWriter},
 * fed record by record through its record consumer, with the writer options {@link CandleParquet}
 * uses (Hadoop's configuration parsed once, the same first compressor buffer).
 */
final class RecordWriter {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private RecordWriter() {}

  /** Writes {@code rows} with the writer {@code builder} builds, and closes it. */
  static void writeAll(Builder builder, List<SourceRow> rows) throws java.io.IOException {
    try (ParquetWriter<SourceRow> writer = builder.build()) {
      for (SourceRow row : rows) {
        writer.write(row);
      }
    }
  }

  /** A parquet-mr writer builder for rows of {@code feed} in the new local {@code file}. */
  static Builder writer(Path file, MessageType schema, FeedKey feed) {
    Configuration conf = CandleParquet.hadoopConf();
    return new Builder(file, new Support(schema, feed))
        .withConf(conf)
        .withCodecFactory(new CodecFactory(conf, CandleParquet.COMPRESSOR_BUFFER_BYTES))
        .withWriteMode(ParquetFileWriter.Mode.CREATE);
  }

  /** A parquet-mr builder for provider rows. */
  static final class Builder extends ParquetWriter.Builder<SourceRow, Builder> {
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
      this.columns = CandleParquet.columns(schema);
      this.feedValues = new Binary[columns.length];
      for (int i = 0; i < columns.length; i++) {
        if (CandleColumn.FEED.contains(columns[i])) {
          feedValues[i] = RowGroupWriter.bytes(columns[i].value(feed));
        }
      }
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
          case META -> out.addBinary(RowGroupWriter.bytes(row.meta()));
        }
        out.endField(name, i);
      }
      out.endMessage();
    }
  }
}
