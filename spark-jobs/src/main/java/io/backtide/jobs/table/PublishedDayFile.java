package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
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
 *
 * <p>The direct day commit writes the table's day files in this layout too ({@link
 * DirectDayCommit}): Spark and {@link TableDataFile} read a data file's columns by name and take
 * the partition columns from the log, so the four feed columns a day file also holds are never read
 * from it. Publishing such a day then links (or copies) the committed file instead of encoding the
 * same rows a second time.
 */
public final class PublishedDayFile {
  /** The published columns, in file order. */
  public static final MessageType SCHEMA =
      CandleParquet.schema("candle", CandleColumn.PUBLISHED, false);

  private PublishedDayFile() {}

  /** Writes {@code rows} (sorted, unique ts_event) of {@code feed} to a new file. */
  public static void write(Path file, FeedKey feed, List<SourceRow> rows) throws IOException {
    CandleParquet.writeAll(
        CandleParquet.writer(file, SCHEMA, feed)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(true),
        rows);
    CanonicalFooter.canonicalize(file);
  }
}
