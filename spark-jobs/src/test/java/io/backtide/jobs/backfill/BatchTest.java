package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.Candle;
import io.backtide.core.Granularity;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.TestCandles;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class BatchTest {
  private static final Instant JAN1 = Instant.parse("2026-01-01T00:00:00Z");

  private static List<SourceRow> rows(Instant from, Instant to, String meta) {
    return TestCandles.range(from, to, Granularity.M1, 0).stream()
        .map(c -> new SourceRow(c, meta))
        .toList();
  }

  private static List<Instant> times(Iterable<SourceRow> rows) {
    List<Instant> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.candle().tsEvent()));
    return out;
  }

  @Test
  void rowsInTimeOrderAreKeptAsTheyCameAndSplitAtMidnights() {
    Batch batch = new Batch();
    Instant jan2 = JAN1.plus(Duration.ofDays(1));
    batch.addAll(rows(JAN1.plus(Duration.ofHours(23)), jan2, "{}"));
    batch.addAll(rows(jan2, jan2.plus(Duration.ofDays(1)).plusSeconds(120), "{}"));

    assertThat(batch.size()).isEqualTo(60 + 1440 + 2);
    SortedMap<LocalDate, List<SourceRow>> days = batch.byDay();
    assertThat(days.keySet())
        .containsExactly(
            LocalDate.parse("2026-01-01"),
            LocalDate.parse("2026-01-02"),
            LocalDate.parse("2026-01-03"));
    assertThat(days.get(LocalDate.parse("2026-01-01"))).hasSize(60);
    assertThat(days.get(LocalDate.parse("2026-01-02"))).hasSize(1440);
    assertThat(times(days.get(LocalDate.parse("2026-01-03"))))
        .containsExactly(
            jan2.plus(Duration.ofDays(1)), jan2.plus(Duration.ofDays(1)).plusSeconds(60));
  }

  @Test
  void aCandleFetchedAgainReplacesTheEarlierCopyAndOrderIsRestored() {
    Batch batch = new Batch();
    batch.addAll(rows(JAN1, JAN1.plusSeconds(600), "old"));
    Instant t = JAN1.plusSeconds(300);
    Candle again = new Candle(t, 7, 8, 6, 7.5, 1);
    batch.addAll(List.of(new SourceRow(again, "new")));
    batch.addAll(rows(JAN1.minusSeconds(120), JAN1, "earlier"));

    assertThat(batch.size()).isEqualTo(12);
    List<SourceRow> all = new ArrayList<>(batch.rows());
    assertThat(times(all)).isSorted().doesNotHaveDuplicates().hasSize(12);
    assertThat(all.get(7)).isEqualTo(new SourceRow(again, "new"));
    assertThat(batch.byDay())
        .containsOnlyKeys(LocalDate.parse("2025-12-31"), LocalDate.parse("2026-01-01"));
    assertThat(batch.byDay().get(LocalDate.parse("2025-12-31"))).hasSize(2);
  }

  @Test
  void appendTakesOverTheNextBatchAndClearStartsAfresh() {
    Batch batch = new Batch();
    batch.addAll(rows(JAN1, JAN1.plusSeconds(180), "a"));
    Batch next = new Batch();
    next.addAll(rows(JAN1.plusSeconds(120), JAN1.plusSeconds(300), "b"));
    next.skipped(2);
    next.finished(LocalDate.parse("2026-01-01"), 5);
    batch.append(next);

    assertThat(batch.size()).isEqualTo(5);
    assertThat(new ArrayList<>(batch.rows()).get(2).meta()).as("last fetched wins").isEqualTo("b");
    assertThat(batch.skippedDays()).isEqualTo(2);
    assertThat(batch.finishedDays()).isEqualTo(Map.of(LocalDate.parse("2026-01-01"), 5L));

    batch.clear();
    assertThat(batch.isEmpty()).isTrue();
    batch.addAll(rows(JAN1.minusSeconds(60), JAN1, "c"));
    assertThat(times(batch.rows())).containsExactly(JAN1.minusSeconds(60));
    assertThat(batch.skippedDays()).isZero();
    assertThat(batch.finishedDays()).isEmpty();
  }
}
