package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.backtest.Prediction;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PendingPredictionsTest {

  @Test
  void keepsArrivalOrderThroughWrapsAndGrowthLikeAQueue() {
    PendingPredictions ring = new PendingPredictions();
    ArrayDeque<Integer> expected = new ArrayDeque<>();
    Random random = new Random(7);
    int next = 0;
    for (int step = 0; step < 20_000; step++) {
      // bursts of adds (growing the ring past 16, 32, 64) and of removals (wrapping its head)
      boolean add = expected.isEmpty() || random.nextInt(100) < (step % 4000 < 2000 ? 60 : 40);
      if (add) {
        ring.add(next, 10L * next, 3L * next, Prediction.of(next), next + 0.25, next + 0.5);
        expected.add(next++);
      } else {
        int k = expected.poll();
        assertThat(ring.slot()).isEqualTo(k);
        assertThat(ring.ts()).isEqualTo(10L * k);
        assertThat(ring.index()).isEqualTo(3L * k);
        assertThat(ring.prediction()).isEqualTo(Prediction.of(k));
        assertThat(ring.value()).isEqualTo(k + 0.25);
        assertThat(ring.entry()).isEqualTo(k + 0.5);
        ring.removeFirst();
      }
      assertThat(ring.size()).isEqualTo(expected.size());
    }
    assertThat(next).isGreaterThan(64);
  }

  @Test
  void anEmptyRingSaysSo() {
    PendingPredictions ring = new PendingPredictions();
    assertThat(ring.isEmpty()).isTrue();
    assertThatThrownBy(ring::ts)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no prediction is waiting");
    assertThatThrownBy(ring::removeFirst).isInstanceOf(NoSuchElementException.class);
  }
}
