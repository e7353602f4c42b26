package io.backtide.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.TestCandles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanonicalFooterTest {
  private static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");

  @Test
  void rewritesTheFooterInPlaceLeavingTheColumnChunksAsTheyWere(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("day.parquet");
    Instant day = Instant.parse("2026-01-01T00:00:00Z");
    List<SourceRow> rows =
        TestCandles.range(day, day.plusSeconds(86_400), Granularity.M1, 0).stream()
            .map(SourceRow::of)
            .toList();
    RecordWriter.writeAll(
        RecordWriter.writer(file, PublishedDayFile.SCHEMA, FEED)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(true),
        rows);
    byte[] before = Files.readAllBytes(file);
    long footerStart = footerStart(before);

    CanonicalFooter.canonicalize(file);

    byte[] after = Files.readAllBytes(file);
    assertThat(Arrays.copyOf(after, (int) footerStart))
        .as("the column chunks before the footer")
        .isEqualTo(Arrays.copyOf(before, (int) footerStart));
    assertThat(Arrays.copyOfRange(after, after.length - 4, after.length))
        .isEqualTo("PAR1".getBytes());
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      assertThat(reader.getRecordCount()).isEqualTo(rows.size());
    }
    long start = footerStart(after);
    FileMetaData footer =
        Util.readFileMetaData(
            new ByteArrayInputStream(after, (int) start, (int) (after.length - 8 - start)));
    for (ColumnChunk chunk : footer.getRow_groups().get(0).getColumns()) {
      List<Integer> encodings =
          chunk.getMeta_data().getEncodings().stream().map(Encoding::getValue).toList();
      assertThat(encodings)
          .as("encodings of %s", chunk.getMeta_data().getPath_in_schema())
          .hasSizeGreaterThan(1)
          .isSorted();
    }
  }

  @Test
  void aFileWithoutAParquetFooterIsRefusedAndLeftAlone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("not.parquet");
    byte[] text = "these are not the bytes of a Parquet file".getBytes();
    Files.write(file, text);

    assertThatThrownBy(() -> CanonicalFooter.canonicalize(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a Parquet file");
    assertThat(Files.readAllBytes(file)).isEqualTo(text);

    Path tiny = dir.resolve("tiny.parquet");
    Files.write(tiny, "PAR1".getBytes());
    assertThatThrownBy(() -> CanonicalFooter.canonicalize(tiny))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(tiny.toString());
    assertThat(Files.readAllBytes(tiny)).isEqualTo("PAR1".getBytes());
  }

  private static long footerStart(byte[] file) {
    int n = file.length;
    int length =
        (file[n - 8] & 0xff)
            | (file[n - 7] & 0xff) << 8
            | (file[n - 6] & 0xff) << 16
            | (file[n - 5] & 0xff) << 24;
    return n - 8L - length;
  }
}
