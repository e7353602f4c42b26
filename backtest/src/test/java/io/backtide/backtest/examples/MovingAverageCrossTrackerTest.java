package io.backtide.backtest.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.backtide.backtest.CandleWindow;
import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.TickData;
import io.backtide.backtest.Tracker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep example's arithmetic on a window whose means are known. */
class MovingAverageCrossTrackerTest {

  static final PredictionScope SCOPE =
      new PredictionScope("X", Duration.ofMinutes(1), Duration.ofMinutes(1));

  static TickData closes(double... closes) {
    long[] ts = new long[closes.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = i * 60_000_000L;
    }
    CandleWindow w = new CandleWindow(ts, closes, closes, closes, closes, closes, 0, closes.length);
    return new TickData("X", Instant.EPOCH, w);
  }

  @Test
  void valueIsFastMeanOverSlowMeanMinusOne() {
    Tracker t = MovingAverageCrossTracker.factory().create(Map.of("fast", 2, "slow", 4));
    t.tick(closes(1, 2, 3, 4, 5, 6));

    // fast mean (5 + 6) / 2 = 5.5, slow mean (3 + 4 + 5 + 6) / 4 = 4.5
    assertThat(t.predict(SCOPE).signal().getAsDouble()).isCloseTo(5.5 / 4.5 - 1, within(1e-15));
  }

  @Test
  void aWindowShorterThanSlowPredictsZero() {
    Tracker t = new MovingAverageCrossTracker(2, 4);
    t.tick(closes(1, 2, 3));

    assertThat(t.predict(SCOPE).signal().getAsDouble()).isZero();
  }

  @Test
  void fastMustBeShorterThanSlow() {
    assertThatThrownBy(() -> new MovingAverageCrossTracker(4, 4))
        .hasMessageContaining("expected 1 <= fast < slow");
    assertThatThrownBy(() -> MovingAverageCrossTracker.factory().create(Map.of("fast", 2)))
        .hasMessageContaining("parameter 'slow' is missing");
  }
}
