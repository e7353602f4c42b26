package io.backtide.jobs.backfill;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes a batch in the Delta table's row layout ({@link CandleRows#SCHEMA}) to scratch Parquet
 * files with parquet-mr, for Spark to read as the incoming rows. Much cheaper than {@code
 * createDataFrame} over 600k driver {@code Row}s, which builds (and serializes into every task) one
 * huge local relation. The files are a transport only: their bytes never need to be reproducible.
 */
final class BatchParquetFile {
  static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message candle_batch {
            required binary source (STRING);
            required binary subject (STRING);
            required binary kind (STRING);
            required binary granularity (STRING);
            required int32 date (DATE);
            required int64 ts_event (TIMESTAMP(MICROS,true));
            required double open;
            required double high;
            required double low;
            required double close;
            required double volume;
            required binary meta (STRING);
          }
          """);

  /** Row-group bound far above a batch's bytes per day (a 1M-row batch is ~100 MB). */
  private static final long ONE_ROW_GROUP = Integer.MAX_VALUE;

  private BatchParquetFile() {}

  /**
   * Writes the batch into the new folder {@code dir}, one file per day (one row group each, so a
   * day is never split between two read tasks), and returns the folder.
   */
  static Path writeDays(Path dir, FeedKey feed, Map<LocalDate, List<SourceRow>> days)
      throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<LocalDate, List<SourceRow>> day : days.entrySet()) {
      write(dir.resolve(day.getKey() + ".parquet"), feed, day.getValue());
    }
    return dir;
  }

  /** Writes {@code rows} of {@code feed} to the new file {@code file}. */
  static void write(Path file, FeedKey feed, Collection<SourceRow> rows) throws IOException {
    try (ParquetWriter<SourceRow> writer =
        new SourceRowParquetBuilder(new LocalOutputFile(file), new RowWriteSupport(feed))
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .withRowGroupSize(ONE_ROW_GROUP)
            .withDictionaryEncoding(false)
            .withDictionaryEncoding("source", true)
            .withDictionaryEncoding("subject", true)
            .withDictionaryEncoding("kind", true)
            .withDictionaryEncoding("granularity", true)
            .withDictionaryEncoding("date", true)
            .withDictionaryEncoding("meta", true)
            .build()) {
      for (SourceRow row : rows) {
        writer.write(row);
      }
    }
  }

  private static final class RowWriteSupport extends SourceRowWriteSupport {
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private final Binary[] partition;

    RowWriteSupport(FeedKey feed) {
      super(SCHEMA);
      this.partition =
          new Binary[] {
            Binary.fromString(feed.source()),
            Binary.fromString(feed.subject()),
            Binary.fromString(feed.kind().code()),
            Binary.fromString(feed.granularity().code())
          };
    }

    @Override
    void writeFields(SourceRow row) {
      Candle c = row.candle();
      long micros = c.tsEventMicros();
      for (int i = 0; i < partition.length; i++) {
        binaryField(i, partition[i]);
      }
      intField(4, (int) Math.floorDiv(micros, MICROS_PER_DAY));
      longField(5, micros);
      doubleField(6, c.open());
      doubleField(7, c.high());
      doubleField(8, c.low());
      doubleField(9, c.close());
      doubleField(10, c.volume());
      binaryField(11, Binary.fromString(row.meta()));
    }
  }
}
