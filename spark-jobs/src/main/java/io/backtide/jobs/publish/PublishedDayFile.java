package io.backtide.jobs.publish;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.table.CandleParquet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one published day's Parquet file with parquet-mr directly, so that the schema is exactly
 * the seed's 11 columns ({@link CandleColumn#PUBLISHED}; {@code ts_event} INT64 TIMESTAMP(MICROS,
 * UTC)) and the bytes depend on the rows alone: the same rows always give the same file and the
 * same sha256.
 */
final class PublishedDayFile {
  static final MessageType SCHEMA = CandleParquet.schema("candle", CandleColumn.PUBLISHED, false);

  private PublishedDayFile() {}

  /** Writes {@code rows} (sorted, unique ts_event) of {@code feed} to a new file. */
  static void write(Path file, FeedKey feed, List<SourceRow> rows) throws IOException {
    CandleParquet.writeAll(
        CandleParquet.writer(file, SCHEMA, feed)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(true),
        rows);
    CanonicalFooter.canonicalize(file);
  }
}
