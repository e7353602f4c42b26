package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishedPathTest {
  private static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");

  @Test
  void pathIsTheFeedKeyThenTheDaysFile() {
    PublishedPath p = new PublishedPath(FEED, LocalDate.parse("2026-01-01"));
    assertThat(p.path()).isEqualTo("binance/BTCUSDT/candle/1m/2026-01-01.parquet");
    assertThat(p.fileName()).isEqualTo("2026-01-01.parquet");
  }

  @Test
  void aDaysFileNameGivesItsDate() {
    assertThat(PublishedPath.dateOf("2026-02-28.parquet")).contains(LocalDate.parse("2026-02-28"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2026-02-30.parquet", "2026-01-01.csv", "x.parquet", "2026-1-1.parquet", ""})
  void anythingElseIsNoDaysFile(String name) {
    assertThat(PublishedPath.dateOf(name)).isEmpty();
  }

  @Test
  void dataRootLaysOutItsFolders() {
    DataRoot root = DataRoot.of(Path.of("/data"));
    assertThat(root.published()).isEqualTo(Path.of("/data/published"));
    assertThat(root.index()).isEqualTo(Path.of("/data/published/_index.json"));
    assertThat(root.feedIndex(FEED))
        .isEqualTo(Path.of("/data/published/binance/BTCUSDT/candle/1m/_index.json"));
    assertThat(root.candleTable()).isEqualTo(Path.of("/data/delta/candles"));
    assertThat(root.scratch()).isEqualTo(Path.of("/data/scratch"));
    assertThat(root.logs()).isEqualTo(Path.of("/data/logs"));
    assertThat(root.published(new PublishedPath(FEED, LocalDate.parse("2026-01-01"))))
        .isEqualTo(Path.of("/data/published/binance/BTCUSDT/candle/1m/2026-01-01.parquet"));
  }
}
