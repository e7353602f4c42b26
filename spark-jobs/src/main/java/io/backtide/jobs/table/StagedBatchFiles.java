package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a batch in the Delta table's row layout to scratch Parquet files, for Spark to read as the
 * incoming rows. Much cheaper than {@code createDataFrame} over 600k driver {@code Row}s, which
 * builds (and serializes into every task) one huge local relation. The files are a transport only:
 * their bytes never need to be reproducible.
 */
final class StagedBatchFiles {
  static final MessageType SCHEMA = CandleParquet.schema("candle_batch", CandleColumn.TABLE, true);

  /** Row-group bound far above a batch's bytes per day (a 1M-row batch is ~100 MB). */
  private static final long ONE_ROW_GROUP = Integer.MAX_VALUE;

  private StagedBatchFiles() {}

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

  /** Uncompressed; dictionaries only for the text and date columns, which repeat. */
  private static void write(Path file, FeedKey feed, List<SourceRow> rows) throws IOException {
    CandleParquet.Writer builder =
        CandleParquet.writer(file, SCHEMA, feed)
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .withRowGroupSize(ONE_ROW_GROUP)
            .withDictionaryEncoding(false);
    for (CandleColumn column : CandleColumn.TABLE) {
      if (column.type() == CandleColumn.Type.STRING || column.type() == CandleColumn.Type.DATE) {
        builder = builder.withDictionaryEncoding(column.columnName(), true);
      }
    }
    CandleParquet.writeAll(builder, rows);
  }
}
