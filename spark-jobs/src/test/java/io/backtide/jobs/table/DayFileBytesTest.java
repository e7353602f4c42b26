package io.backtide.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.Candle;
import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.Sha256;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestKlines;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Day files (the table's and, linked, the published ones) are written without a dictionary where no
 * value repeats, and with a small compressor buffer: the bytes must stay those of parquet-mr's
 * writer with every dictionary on, and the table's reader must read them back.
 */
class DayFileBytesTest {
  private static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");

  private static List<SourceRow> klines(Granularity g) {
    long stepMs = g.duration().toMillis();
    return TestCandles.range(DAY, DAY.plusSeconds(86_400), g, 0).stream()
        .map(c -> new SourceRow(c, TestKlines.of(c, stepMs).meta()))
        .toList();
  }

  /** The sha256 of {@code rows} written as a day file, {@code dir/day.parquet}. */
  private static String written(Path dir, List<SourceRow> rows) throws Exception {
    Path file = dir.resolve("day.parquet");
    PublishedDayFile.write(file, FEED, rows);
    return Sha256.of(file);
  }

  /**
   * The sha256 of {@code rows} written to {@code dir/dictionary.parquet} with every column's
   * dictionary on and parquet-mr's own codec factory: the bytes before the cut.
   */
  private static String dictionaryWriter(Path dir, List<SourceRow> rows) throws Exception {
    Path file = dir.resolve("dictionary.parquet");
    RecordWriter.Builder builder =
        RecordWriter.writer(file, PublishedDayFile.SCHEMA, FEED)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(true)
            .withCodecFactory(null);
    RecordWriter.writeAll(builder, rows);
    CanonicalFooter.canonicalize(file);
    return Sha256.of(file);
  }

  @Test
  void aDayOf1mWhoseValuesNeverRepeatKeepsParquetMrsBytes(@TempDir Path dir) throws Exception {
    List<SourceRow> rows = klines(Granularity.M1);
    assertThat(written(dir, rows)).isEqualTo(dictionaryWriter(dir, rows));
  }

  @Test
  void aDayOf1sInSeveralPagesKeepsParquetMrsBytes(@TempDir Path dir) throws Exception {
    List<SourceRow> rows = klines(Granularity.S1);
    assertThat(written(dir, rows)).isEqualTo(dictionaryWriter(dir, rows));
  }

  @Test
  void valuesThatRepeatOnlyAfterTheFirstPageKeepParquetMrsBytes(@TempDir Path dir)
      throws Exception {
    List<SourceRow> day = klines(Granularity.S1);
    List<SourceRow> rows = new ArrayList<>(day.subList(0, 30_000));
    for (int i = 30_000; i < day.size(); i++) {
      SourceRow earlier = day.get(i - 30_000); // its prices, volume and meta again
      Candle c = earlier.candle();
      Instant ts = day.get(i).candle().tsEvent();
      rows.add(
          new SourceRow(
              new Candle(ts, c.open(), c.high(), c.low(), c.close(), c.volume()), earlier.meta()));
    }
    assertThat(written(dir, rows))
        .as("parquet-mr decides at the first page, for the whole column")
        .isEqualTo(dictionaryWriter(dir, rows));
  }

  @Test
  void repeatedPricesStillGetTheirDictionaryAndReadBackEqual(@TempDir Path dir) throws Exception {
    List<SourceRow> rows = new ArrayList<>();
    for (SourceRow r : klines(Granularity.M1)) {
      Candle c = r.candle();
      double price = Math.floor(c.close() * 10) / 10; // a tenth: each price repeats
      rows.add(
          new SourceRow(
              new Candle(c.tsEvent(), price, price + 1, price - 1, price, 2.5), r.meta()));
    }
    assertThat(written(dir, rows)).isEqualTo(dictionaryWriter(dir, rows));
    List<SourceRow> back = new ArrayList<>();
    TableDataFile.read(dir.resolve("day.parquet"), back::add);
    assertThat(back).isEqualTo(rows);
  }

  @Test
  void rowGroupsAreCutAtTheRowsParquetMrCutsThem(@TempDir Path dir) throws Exception {
    List<SourceRow> rows = klines(Granularity.S1);
    long rowGroupBytes = 256 * 1024; // a day of 1s is several megabytes: many row groups
    Path direct = dir.resolve("direct.parquet");
    CandleParquet.writeAll(
        CandleParquet.writer(direct, PublishedDayFile.SCHEMA, FEED)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(rowGroupBytes),
        rows);
    Path records = dir.resolve("records.parquet");
    RecordWriter.writeAll(
        RecordWriter.writer(records, PublishedDayFile.SCHEMA, FEED)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(rowGroupBytes)
            .withDictionaryEncoding(CandleColumn.TS_EVENT.columnName(), false)
            .withDictionaryEncoding(CandleColumn.META.columnName(), false),
        rows);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(direct))) {
      assertThat(reader.getRowGroups()).as("row groups").hasSizeGreaterThan(3);
    }
    assertThat(Sha256.of(direct)).isEqualTo(Sha256.of(records));
    List<SourceRow> back = new ArrayList<>();
    TableDataFile.read(direct, back::add);
    assertThat(back).isEqualTo(rows);
  }
}
