package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.backtest.BacktestException;
import io.backtide.backtest.DataFile;
import io.backtide.core.FeedKey;
import io.backtide.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheLayoutTest {
  private static final FeedKey FEED = FeedKey.parse("sim/BTCUSDT/candle/1m");

  @TempDir Path root;

  @Test
  void listingDaysLooksOnlyAtThoseDaysFiles() throws Exception {
    CacheLayout cache = new CacheLayout(root);
    cache.write(FEED, LocalDate.parse("2026-01-02"), "two".getBytes(StandardCharsets.UTF_8));
    cache.write(FEED, LocalDate.parse("2026-01-01"), "one".getBytes(StandardCharsets.UTF_8));
    // A day outside the range that cannot even be hashed: a folder where a file should be.
    Files.createDirectories(cache.file(FEED, LocalDate.parse("2026-01-05")));
    Files.delete(cache.file(FEED, LocalDate.parse("2026-01-05")));
    Files.createDirectories(cache.file(FEED, LocalDate.parse("2026-01-05")).resolve("x"));
    Files.writeString(cache.file(FEED, LocalDate.parse("2026-01-04")), "four");

    List<DataFile> days =
        cache.list(
            FEED,
            List.of(
                LocalDate.parse("2026-01-03"),
                LocalDate.parse("2026-01-02"),
                LocalDate.parse("2026-01-01")));

    assertThat(days)
        .extracting(DataFile::date)
        .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02"));
    assertThat(days.get(0).sha256()).isEqualTo(Sha256.of("one".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> cache.list(FEED))
        .as("listing the whole feed reads every day, the bad one too")
        .isInstanceOf(BacktestException.class);
  }
}
