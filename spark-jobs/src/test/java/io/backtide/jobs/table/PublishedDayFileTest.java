package io.backtide.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.Sha256;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestKlines;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedDayFileTest {
  static final String EXPECTED_SHA =
      "14a52d3e5539f4e461bcebac70ff5723cb30b359ecb47b0887a34042dd213fcd";

  @Test
  void theSameRowsAlwaysGiveTheSameBytes(@TempDir Path dir) throws Exception {
    FeedKey feed = FeedKey.parse("binance/BTCUSDT/candle/1m");
    Instant day = Instant.parse("2026-01-01T00:00:00Z");
    List<SourceRow> rows =
        TestCandles.range(day, day.plusSeconds(86_400), Granularity.M1, 0).stream()
            .map(SourceRow::of)
            .toList();

    PublishedDayFile.write(dir.resolve("a.parquet"), feed, rows);
    PublishedDayFile.write(dir.resolve("b.parquet"), feed, rows);

    assertThat(Sha256.of(dir.resolve("a.parquet"))).isEqualTo(Sha256.of(dir.resolve("b.parquet")));
    assertThat(Sha256.of(dir.resolve("a.parquet")))
        .as("the bytes this build writes in any JVM (the encodings order is canonical)")
        .isEqualTo(EXPECTED_SHA);
  }

  @Test
  void metaThatDiffersOnEveryRowGivesTheBytesOfParquetMrsDictionaryWriter(@TempDir Path dir)
      throws Exception {
    FeedKey feed = FeedKey.parse("binance/BTCUSDT/candle/1m");
    Instant day = Instant.parse("2026-01-01T00:00:00Z");
    List<SourceRow> rows =
        TestCandles.range(day, day.plusSeconds(86_400), Granularity.M1, 0).stream()
            .map(c -> new SourceRow(c, TestKlines.of(c, 60_000).meta()))
            .toList();
    Path dictionary = dir.resolve("dictionary.parquet");
    RecordWriter.writeAll(
        RecordWriter.writer(dictionary, PublishedDayFile.SCHEMA, feed)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(true),
        rows);
    CanonicalFooter.canonicalize(dictionary);

    PublishedDayFile.write(dir.resolve("day.parquet"), feed, rows);

    assertThat(Sha256.of(dir.resolve("day.parquet")))
        .as("meta without a dictionary: the bytes parquet-mr wrote after giving its dictionary up")
        .isEqualTo(Sha256.of(dictionary));
  }
}
