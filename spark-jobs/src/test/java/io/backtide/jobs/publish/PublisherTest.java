package io.backtide.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.core.Sha256;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.table.PublishedDayFile;
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

  @Test
  void aDayFileTheTableHoldsIsLinkedNotWrittenAgainAndIndexedByItsBytes() throws Exception {
    Map<LocalDate, List<SourceRow>> days = day("2026-01-01");
    LocalDate jan1 = LocalDate.parse("2026-01-01");
    Path tableFile = Files.createDirectories(data.resolve("delta")).resolve("part-0.parquet");
    PublishedDayFile.write(tableFile, BTC, days.get(jan1));

    IndexEntry entry =
        new Publisher(data, CLOCK).publish(BTC, 4, days, d -> null, Map.of(jan1, tableFile)).get(0);

    Path published = data.resolve("published/" + BTC.path() + "/2026-01-01.parquet");
    assertThat(Files.isSameFile(published, tableFile)).as("one file, two names").isTrue();
    assertThat(entry.sha256()).isEqualTo(Sha256.of(tableFile));
    assertThat(entry.sizeBytes()).isEqualTo(Files.size(tableFile));
    assertThat(entry.records()).isEqualTo(1);
    assertThat(Files.list(published.getParent()).map(f -> f.getFileName().toString()))
        .as("no temp file left")
        .containsExactlyInAnyOrder("2026-01-01.parquet", "_index.json");
  }

  @Test
  void aDayFileThatCannotBeLinkedIsWrittenFromTheRowsWithTheSameBytes() throws Exception {
    Map<LocalDate, List<SourceRow>> days = day("2026-01-01");
    LocalDate jan1 = LocalDate.parse("2026-01-01");
    Path expected = data.resolve("expected.parquet");
    PublishedDayFile.write(expected, BTC, days.get(jan1));

    IndexEntry entry =
        new Publisher(data, CLOCK)
            .publish(BTC, 4, days, d -> null, Map.of(jan1, data.resolve("vacuumed.parquet")))
            .get(0);

    Path published = data.resolve("published/" + BTC.path() + "/2026-01-01.parquet");
    assertThat(entry.sha256()).isEqualTo(Sha256.of(expected));
    assertThat(Sha256.of(published)).isEqualTo(Sha256.of(expected));
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
