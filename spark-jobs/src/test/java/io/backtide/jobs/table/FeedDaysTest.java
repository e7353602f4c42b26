package io.backtide.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedDaysTest {
  static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final FeedKey ETH = FeedKey.parse("binance/ETHUSDT/candle/1m");
  static final LocalDate D1 = LocalDate.parse("2026-01-01");
  static final LocalDate D2 = LocalDate.parse("2026-01-02");

  @Test
  void oneFeedsDaysAreOnePlainPredicateWithTheDaysSortedAndDistinct() {
    FeedDays days = FeedDays.of(BTC, List.of(D2, D1, D2));

    assertThat(days.sql())
        .isEqualTo(
            "source = 'binance' AND subject = 'BTCUSDT' AND kind = 'candle' AND granularity = '1m'"
                + " AND date IN (DATE'2026-01-01', DATE'2026-01-02')");
    assertThat(days.count()).isEqualTo(2);
    assertThat(days.of(BTC)).containsExactly(D1, D2);
    assertThat(days.of(ETH)).isEmpty();
  }

  @Test
  void severalFeedsAreEachParenthesizedAndJoinedWithOrInKeyOrder() {
    FeedDays days = FeedDays.of(Map.of(ETH, List.of(D2), BTC, List.of(D1, D2)));

    assertThat(days.sql())
        .isEqualTo(
            "(source = 'binance' AND subject = 'BTCUSDT' AND kind = 'candle' AND granularity ="
                + " '1m' AND date IN (DATE'2026-01-01', DATE'2026-01-02')) OR (source = 'binance'"
                + " AND subject = 'ETHUSDT' AND kind = 'candle' AND granularity = '1m' AND date IN"
                + " (DATE'2026-01-02'))");
    assertThat(days.count()).isEqualTo(3);
    assertThat(days.days().keySet()).containsExactly(BTC, ETH);
  }
}
