package io.backtide.jobstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.jobstore.BackfillJobRepositoryTest.MutableClock;
import io.backtide.jobstore.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeedDayRepositoryTest {
  private static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("binance/ETHUSDT/candle/1m");
  private static final LocalDate D1 = LocalDate.parse("2026-01-01");

  private static TestDatabase db;
  private final FeedDayRepository days =
      new FeedDayRepository(
          db.dataSource(), new MutableClock(Instant.parse("2026-02-01T00:00:00Z")));

  @BeforeAll
  static void startDatabase() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void confirmedDaysAreReadBackPerFeedWithinTheHalfOpenRange() {
    UUID job = UUID.randomUUID();
    days.confirm(BTC, Map.of(D1, 1440L, D1.plusDays(1), 1380L, D1.plusDays(2), 1440L), job);
    days.confirm(ETH, Map.of(D1, 1440L), job);

    assertThat(days.confirmed(BTC, D1.plusDays(1), D1.plusDays(3)))
        .containsExactly(Map.entry(D1.plusDays(1), 1380L), Map.entry(D1.plusDays(2), 1440L));
    assertThat(days.confirmed(BTC, D1, D1.plusDays(1))).containsOnlyKeys(D1);
    assertThat(days.confirmed(ETH, D1.plusDays(1), D1.plusDays(5))).isEmpty();
  }

  @Test
  void aLaterConfirmationReplacesTheEarlierOne() {
    FeedKey feed = FeedKey.parse("sim/SIM1/candle/1m");
    days.confirm(feed, Map.of(D1, 1000L), UUID.randomUUID());
    days.confirm(feed, Map.of(D1, 1440L), UUID.randomUUID());
    days.confirm(feed, Map.of(), UUID.randomUUID());

    assertThat(days.confirmed(feed, D1, D1.plusDays(1))).containsExactly(Map.entry(D1, 1440L));
  }
}
