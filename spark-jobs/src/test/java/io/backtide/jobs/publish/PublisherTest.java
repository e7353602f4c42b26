package io.backtide.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.jobs.provider.SourceRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each feed's commits rewrite that feed's index only. */
class PublisherTest {
  private static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("binance/ETHUSDT/candle/1m");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path data;

  @Test
  void commitWritesItsFeedsIndexAndLeavesOtherFeedsAndTheOldIndexAlone() throws Exception {
    Publisher publisher = new Publisher(data, CLOCK);
    publisher.publish(BTC, 1, day("2026-01-01"));
    Path btcIndex = data.resolve("published/" + BTC.path() + "/_index.json");
    byte[] btcBefore = Files.readAllBytes(btcIndex);

    publisher.publish(ETH, 2, day("2026-01-02"));

    assertThat(Files.readAllBytes(btcIndex)).isEqualTo(btcBefore);
    assertThat(IndexFile.read(data.resolve("published/" + ETH.path() + "/_index.json")).files())
        .extracting(IndexEntry::path)
        .containsExactly(ETH.path() + "/2026-01-02.parquet");
    assertThat(data.resolve("published/_index.json")).doesNotExist();
  }

  @Test
  void firstCommitOfAFeedKeepsItsDaysFromTheOldSingleIndex() throws Exception {
    IndexEntry old = entry(BTC, "2025-12-31");
    new IndexFile("2026-01-01T00:00:00Z", List.of(old, entry(ETH, "2025-12-31")))
        .writeAtomically(Files.createDirectories(data.resolve("published")).resolve("_index.json"));

    new Publisher(data, CLOCK).publish(BTC, 3, day("2026-01-01"));

    IndexFile btc = IndexFile.read(data.resolve("published/" + BTC.path() + "/_index.json"));
    assertThat(btc.files())
        .extracting(IndexEntry::path)
        .containsExactly(old.path(), BTC.path() + "/2026-01-01.parquet");
    assertThat(btc.generatedAt()).isEqualTo("2026-02-01T00:00:00Z");
  }

  private static Map<LocalDate, List<SourceRow>> day(String date) {
    Instant t = LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Map.of(LocalDate.parse(date), List.of(SourceRow.of(new Candle(t, 1, 2, 0.5, 1.5, 10))));
  }

  private static IndexEntry entry(FeedKey feed, String date) {
    return new IndexEntry(
        feed.path() + "/" + date + ".parquet",
        date,
        1,
        10,
        "ab",
        date + "T00:00:00Z",
        date + "T00:00:00Z",
        0);
  }
}
