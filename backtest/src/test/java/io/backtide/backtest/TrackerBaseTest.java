package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** TrackerBase remembers the latest tick of every subject, whichever subject ticked last. */
class TrackerBaseTest {

  static final long[] TS = {1_000_000L, 2_000_000L};
  static final double[] C = {1, 2};

  /** Exposes {@code latest}. */
  static final class Latest extends TrackerBase {
    Optional<TickData> of(String subject) {
      return latest(subject);
    }

    @Override
    public Prediction predict(PredictionScope scope) {
      return Prediction.of(0);
    }
  }

  static TickData tick(String symbol, long second) {
    return new TickData(
        symbol, Instant.ofEpochSecond(second), new CandleWindow(TS, C, C, C, C, C, 0, 2));
  }

  @Test
  void latestIsTheLastTickOfEachSubjectAcrossSwitchesBetweenSubjects() {
    Latest t = new Latest();
    assertThat(t.of("A")).as("before any tick").isEmpty();

    TickData a1 = tick("A", 1);
    TickData a2 = tick("A", 2);
    TickData b3 = tick("B", 3);
    TickData a4 = tick("A", 4);
    TickData b5 = tick("B", 5);
    t.tick(a1);
    t.tick(a2);
    assertThat(t.of("A")).containsSame(a2);
    assertThat(t.of("B")).isEmpty();
    t.tick(b3);
    assertThat(t.of("A")).containsSame(a2);
    assertThat(t.of("B")).containsSame(b3);
    t.tick(a4);
    assertThat(t.of("A")).containsSame(a4);
    assertThat(t.of("B")).containsSame(b3);
    t.tick(b5);
    assertThat(t.of("A")).as("not the A tick kept before B took over").containsSame(a4);
    assertThat(t.of("B")).containsSame(b5);
    assertThat(t.of("C")).isEmpty();
    assertThat(t.of(new String("B"))).as("subjects compare by value").containsSame(b5);
  }
}
