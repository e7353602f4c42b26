package io.backtide.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.Candle;
import io.backtide.core.CandleColumn;
import io.backtide.jobs.provider.SourceRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctValuesTest {
  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

  private static SourceRow row(long second, double close, String meta) {
    return new SourceRow(
        new Candle(T0.plusSeconds(second), close, close + 1, close - 1, close, 2.5), meta);
  }

  @Test
  void everyRepeatIsFoundWhereverItIs() {
    for (int at = 0; at < 50; at++) {
      long[] keys = new long[50];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = (long) i << 32; // every key folds to a different hash of the same low bits
      }
      assertThat(DistinctValues.distinct(keys)).isTrue();
      keys[at] = keys[(at + 17) % 50];
      assertThat(DistinctValues.distinct(keys)).as("repeat at %d", at).isFalse();
    }
    assertThat(DistinctValues.distinct(new long[0])).isTrue();
    assertThat(DistinctValues.distinct(new long[] {7})).isTrue();
  }

  @Test
  void pricesAreComparedAsParquetMrsDictionaryComparesThem() {
    List<SourceRow> rows = List.of(row(0, 0.0, "{}"), row(1, -0.0, "{}"), row(2, 1.5, "{}"));
    assertThat(DistinctValues.in(rows, CandleColumn.OPEN))
        .as("0.0 and -0.0 are two dictionary entries")
        .isTrue();
    assertThat(DistinctValues.in(rows, CandleColumn.VOLUME)).isFalse();
    List<SourceRow> repeat = List.of(row(0, 1.5, "{}"), row(1, 2.5, "{}"), row(2, 1.5, "{}"));
    assertThat(DistinctValues.in(repeat, CandleColumn.CLOSE)).isFalse();
    assertThat(DistinctValues.in(repeat, CandleColumn.HIGH)).isFalse();
  }

  @Test
  void metaWithEqualHashCodesButOtherTextIsDistinct() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    assertThat(DistinctValues.in(List.of(row(0, 1, "Aa"), row(1, 2, "BB")), CandleColumn.META))
        .isTrue();
    assertThat(
            DistinctValues.in(
                List.of(row(0, 1, "Aa"), row(1, 2, "BB"), row(2, 3, "Aa")), CandleColumn.META))
        .isFalse();
  }

  @Test
  void onlyTheRowsOfAFirstPageAreLookedAt() {
    List<SourceRow> rows = new ArrayList<>();
    for (int i = 0; i < DistinctValues.FIRST_PAGE_ROWS; i++) {
      rows.add(row(i, 100 + i / 1000.0, "{\"i\":" + i + "}"));
    }
    rows.add(row(rows.size(), 100, "{\"i\":0}"));
    assertThat(DistinctValues.in(rows, CandleColumn.OPEN)).isTrue();
    assertThat(DistinctValues.in(rows, CandleColumn.META)).isTrue();
    rows.set(rows.size() - 2, rows.get(rows.size() - 1));
    assertThat(DistinctValues.in(rows, CandleColumn.OPEN)).isFalse();
    assertThat(DistinctValues.in(rows, CandleColumn.META)).isFalse();
  }

  @Test
  void timesNeedNotBeSortedToBeDistinct() {
    List<SourceRow> rows = new ArrayList<>(List.of(row(5, 1, "{}"), row(3, 2, "{}")));
    assertThat(DistinctValues.in(rows, CandleColumn.TS_EVENT)).isTrue();
    rows.add(row(5, 3, "{}"));
    assertThat(DistinctValues.in(rows, CandleColumn.TS_EVENT)).isFalse();
    assertThat(DistinctValues.in(rows, CandleColumn.SOURCE))
        .as("feed columns are one value per file: never asked, never distinct")
        .isFalse();
  }
}
