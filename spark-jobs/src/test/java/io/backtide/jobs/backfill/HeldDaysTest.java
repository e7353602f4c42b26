package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.core.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldDaysTest {
  static final FeedKey M1 = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final FeedKey TICK = FeedKey.parse("binance/BTCUSDT/tick/1s");
  static final TimeRange RANGE = TimeRange.parse("2026-01-01", "2026-01-06");

  @Test
  void fullDaysAndConfirmedDaysAreHeldOthersAreFetched() {
    IndexFile index =
        index(
            entry(M1, "2026-01-01", 1440),
            entry(M1, "2026-01-02", 1439),
            entry(M1, "2026-01-03", 1200),
            entry(FeedKey.parse("binance/ETHUSDT/candle/1m"), "2026-01-04", 1440),
            entry(M1, "2026-01-05", 1440));
    Map<LocalDate, Long> confirmed = Map.of(LocalDate.parse("2026-01-03"), 1200L);

    HeldDays held = HeldDays.of(M1, RANGE, index, confirmed);

    assertThat(held.count()).as("01 full, 03 confirmed, 05 full").isEqualTo(3);
    assertThat(held.nextToFetch(t("2026-01-01"))).isEqualTo(t("2026-01-02"));
    assertThat(held.fetchUntil(t("2026-01-02"), RANGE.end())).isEqualTo(t("2026-01-03"));
    assertThat(held.nextToFetch(t("2026-01-03"))).isEqualTo(t("2026-01-04"));
    assertThat(held.fetchUntil(t("2026-01-04"), RANGE.end())).isEqualTo(t("2026-01-05"));
    assertThat(held.nextToFetch(t("2026-01-05"))).isEqualTo(RANGE.end());
    assertThat(held.heldBetween(t("2026-01-01"), t("2026-01-04"))).isEqualTo(2);
    assertThat(RANGE.days().stream().filter(held::holds).map(LocalDate::toString))
        .as("what the source is told to skip (no download ahead)")
        .containsExactly("2026-01-01", "2026-01-03", "2026-01-05");
  }

  @Test
  void aConfirmationCountsOnlyWhileThePublishedFileHoldsWhatWasConfirmed() {
    IndexFile index = index(entry(M1, "2026-01-01", 1300));
    Map<LocalDate, Long> confirmed =
        Map.of(LocalDate.parse("2026-01-01"), 1200L, LocalDate.parse("2026-01-02"), 0L);

    HeldDays held = HeldDays.of(M1, RANGE, index, confirmed);

    assertThat(held.count()).as("01 changed since; 02 confirmed empty, no file").isEqualTo(1);
    assertThat(held.nextToFetch(t("2026-01-02"))).isEqualTo(t("2026-01-03"));
  }

  @Test
  void partlyCoveredDaysAreNeverHeld() {
    TimeRange range =
        new TimeRange(Instant.parse("2026-01-01T12:00:00Z"), Instant.parse("2026-01-03T06:00:00Z"));
    IndexFile index =
        index(
            entry(M1, "2026-01-01", 1440),
            entry(M1, "2026-01-02", 1440),
            entry(M1, "2026-01-03", 1440));

    HeldDays held = HeldDays.of(M1, range, index, Map.of());

    assertThat(held.count()).isEqualTo(1);
    assertThat(held.nextToFetch(t("2026-01-02"))).isEqualTo(t("2026-01-03"));
  }

  @Test
  void tickDaysAreHeldOnlyWhenConfirmed() {
    IndexFile index = index(entry(TICK, "2026-01-01", 90_000), entry(TICK, "2026-01-02", 50));

    HeldDays held = HeldDays.of(TICK, RANGE, index, Map.of(LocalDate.parse("2026-01-02"), 50L));

    assertThat(held.count()).isEqualTo(1);
    assertThat(held.nextToFetch(t("2026-01-01"))).isEqualTo(t("2026-01-01"));
    assertThat(held.nextToFetch(t("2026-01-02"))).isEqualTo(t("2026-01-03"));
  }

  @Test
  void refreshHoldsNothing() {
    assertThat(HeldDays.none().nextToFetch(t("2026-01-01"))).isEqualTo(t("2026-01-01"));
    assertThat(HeldDays.none().fetchUntil(t("2026-01-01"), RANGE.end())).isEqualTo(RANGE.end());
  }

  private static Instant t(String date) {
    return Instant.parse(date + "T00:00:00Z");
  }

  private static IndexFile index(IndexEntry... entries) {
    return new IndexFile("2026-02-01T00:00:00Z", List.of(entries));
  }

  private static IndexEntry entry(FeedKey feed, String date, long records) {
    return new IndexEntry(feed + "/" + date + ".parquet", date, records, 1000, "00", date, date, 1);
  }
}
