package io.backtide.jobs.provider.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SimSourceTest {
  static final FeedKey FEED = FeedKey.parse("sim/BTCUSDT/candle/1m");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void pagingDoesNotChangeTheCandles() {
    SimSource sim = new SimSource(OptionalLong.empty());
    List<SourceRow> whole = sim.fetch(FEED, T0, T0.plusSeconds(6000), 1000);
    List<SourceRow> paged = new ArrayList<>(sim.fetch(FEED, T0, T0.plusSeconds(6000), 37));
    paged.addAll(sim.fetch(FEED, T0.plusSeconds(37 * 60), T0.plusSeconds(6000), 1000));

    assertThat(whole).hasSize(100).isEqualTo(paged);
    assertThat(new SimSource(OptionalLong.empty()).fetch(FEED, T0, T0.plusSeconds(6000), 1000))
        .isEqualTo(whole);
  }

  @Test
  void closeOfABarIsTheOpenOfTheNextAndSeedsDiffer() {
    List<SourceRow> rows =
        new SimSource(OptionalLong.empty()).fetch(FEED, T0, T0.plusSeconds(600), 10);
    for (int i = 1; i < rows.size(); i++) {
      assertThat(rows.get(i).candle().open()).isEqualTo(rows.get(i - 1).candle().close());
    }
    List<SourceRow> other =
        new SimSource(OptionalLong.of(7)).fetch(FEED, T0, T0.plusSeconds(600), 10);
    assertThat(other.get(0).candle().open()).isNotEqualTo(rows.get(0).candle().open());
  }

  @Test
  void startsAtTheFirstBarAtOrAfterFromAndStopsBeforeEnd() {
    List<SourceRow> rows =
        new SimSource(OptionalLong.empty())
            .fetch(FEED, T0.plusSeconds(30), T0.plusSeconds(180), 1000);
    assertThat(rows)
        .extracting(r -> r.candle().tsEvent())
        .containsExactly(T0.plusSeconds(60), T0.plusSeconds(120));
  }
}
