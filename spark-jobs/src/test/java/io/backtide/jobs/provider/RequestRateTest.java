package io.backtide.jobs.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Evenly spaced request slots, on a clock the test moves. */
class RequestRateTest {
  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final List<Duration> waits = new ArrayList<>();
  final RequestRate rate = new RequestRate(600, now::get, waits::add);

  @Test
  void requestsInABurstWaitForTheirSlotsAFullIntervalApart() throws Exception {
    rate.beforeRequest();
    rate.beforeRequest();
    rate.beforeRequest();

    assertThat(waits)
        .containsExactly(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aRequestAfterAPauseGoesAtOnceAndTheNextWaitsFromIt() throws Exception {
    rate.beforeRequest();
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    rate.beforeRequest();
    now.addAndGet(Duration.ofMillis(30).toNanos());
    rate.beforeRequest();

    assertThat(waits).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ofMillis(70));
  }

  @Test
  void aRateThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> new RequestRate(0, waits::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests per minute 0.0 must be positive");
  }
}
