package io.backtide.jobs.backfill;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes one published day with parquet-mr directly, so that the schema is exactly the seed's 11
 * columns ({@code ts_event} INT64 TIMESTAMP(MICROS, UTC)) and the bytes depend on the rows alone:
 * the same rows always give the same file and the same sha256.
 */
final class DailyParquetWriter {
  static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message candle {
            optional int64 ts_event (TIMESTAMP(MICROS,true));
            optional binary source (STRING);
            optional binary subject (STRING);
            optional binary kind (STRING);
            optional binary granularity (STRING);
            optional double open;
            optional double high;
            optional double low;
            optional double close;
            optional double volume;
            optional binary meta (STRING);
          }
          """);

  private DailyParquetWriter() {}

  /** Writes {@code rows} (sorted, unique ts_event) of {@code feed} to a new file. */
  static void write(Path file, FeedKey feed, List<SourceRow> rows) throws IOException {
    try (ParquetWriter<SourceRow> writer =
        new SourceRowParquetBuilder(new LocalOutputFile(file), new RowWriteSupport(feed))
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .withDictionaryEncoding(true)
            .build()) {
      for (SourceRow row : rows) {
        writer.write(row);
      }
    }
    ParquetFooters.canonicalize(file);
  }

  private static final class RowWriteSupport extends SourceRowWriteSupport {
    private final Binary source;
    private final Binary subject;
    private final Binary kind;
    private final Binary granularity;

    RowWriteSupport(FeedKey feed) {
      super(SCHEMA);
      this.source = Binary.fromString(feed.source());
      this.subject = Binary.fromString(feed.subject());
      this.kind = Binary.fromString(feed.kind().code());
      this.granularity = Binary.fromString(feed.granularity().code());
    }

    @Override
    void writeFields(SourceRow row) {
      Candle c = row.candle();
      longField(0, c.tsEventMicros());
      binaryField(1, source);
      binaryField(2, subject);
      binaryField(3, kind);
      binaryField(4, granularity);
      doubleField(5, c.open());
      doubleField(6, c.high());
      doubleField(7, c.low());
      doubleField(8, c.close());
      doubleField(9, c.volume());
      binaryField(10, Binary.fromString(row.meta()));
    }
  }
}
