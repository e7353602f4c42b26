package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.backtest.Outcome;
import io.backtide.backtest.PredictionRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionColumnsTest {

  /** Three pages and a bit, each row's values derived from its index. */
  static final int ROWS = 3 * PredictionColumns.PAGE + 5;

  @Test
  void everyRowReadsBackWhatWasSetAcrossPages() {
    PredictionColumns rows = filled();
    assertThat(rows.size()).isEqualTo(ROWS);
    for (int k = 0; k < ROWS; k++) {
      assertThat(rows.tsMicros(k)).isEqualTo(1_000_000L * k);
      assertThat(rows.value(k)).isEqualTo(k + 0.5);
      assertThat(rows.ret(k)).isEqualTo(k / 1000.0);
      assertThat(rows.score(k)).isEqualTo(k % 3 == 0 ? (Double) Double.NaN : (Double) 1.0);
      assertThat(rows.outcome(k)).isEqualTo(k % 3 == 0 ? Outcome.FAILED : Outcome.SCORED);
    }
    for (int k : new int[] {0, PredictionColumns.PAGE - 1, PredictionColumns.PAGE, ROWS - 1}) {
      PredictionRow row = rows.row(k);
      assertThat(row.ts()).isEqualTo(Instant.ofEpochSecond(k));
      assertThat(row.entryPrice()).isEqualTo(100.0 + k);
      assertThat(row.resolvedPrice()).isEqualTo(101.0 + k);
      assertThat(row.output()).isEqualTo(Map.of("value", k + 0.5));
      assertThat(row.failedReason())
          .isEqualTo(k % 3 == 0 ? java.util.Optional.of("why " + k) : java.util.Optional.empty());
    }
  }

  @Test
  void anOutputOtherThanThePlainValueIsKept() {
    PredictionColumns rows = new PredictionColumns();
    int k = rows.add(7);
    rows.set(k, Map.of("value", 2.0, "side", "long"), 2.0, 1, 2, 1, 1, Outcome.SCORED, null);
    assertThat(rows.row(k).output()).isEqualTo(Map.of("value", 2.0, "side", "long"));
  }

  @Test
  void theListViewHasEveryRowAndNoMore() {
    List<PredictionRow> list = filled().asList();
    assertThat(list).hasSize(ROWS);
    assertThat(list.get(ROWS - 1).value()).isEqualTo(ROWS - 1 + 0.5);
    assertThatThrownBy(() -> list.get(ROWS))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("prediction " + ROWS + " of " + ROWS);
  }

  private static PredictionColumns filled() {
    PredictionColumns rows = new PredictionColumns();
    for (int k = 0; k < ROWS; k++) {
      assertThat(rows.add(1_000_000L * k)).isEqualTo(k);
    }
    for (int k = 0; k < ROWS; k++) {
      boolean failed = k % 3 == 0;
      rows.set(
          k,
          Map.of("value", k + 0.5),
          k + 0.5,
          100.0 + k,
          101.0 + k,
          k / 1000.0,
          failed ? Double.NaN : 1.0,
          failed ? Outcome.FAILED : Outcome.SCORED,
          failed ? "why " + k : null);
    }
    return rows;
  }
}
