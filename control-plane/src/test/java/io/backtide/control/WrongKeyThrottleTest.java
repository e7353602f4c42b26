package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WrongKeyThrottleTest {
  static final String ADDRESS = "192.0.2.7";

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-01-05T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final TestClock clock = new TestClock();
  final WrongKeyThrottle throttle = new WrongKeyThrottle(clock);

  @Test
  void theFirstWrongKeysAreFreeThenDelaysDouble() {
    for (int i = 0; i < WrongKeyThrottle.FREE_FAILURES; i++) {
      throttle.failed(ADDRESS);
      assertThat(throttle.blocked(ADDRESS)).as("after wrong key %d", i + 1).isEmpty();
    }
    throttle.failed(ADDRESS);
    assertThat(throttle.blocked(ADDRESS)).hasValue(Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.blocked(ADDRESS)).isEmpty();
    throttle.failed(ADDRESS);
    assertThat(throttle.blocked(ADDRESS)).hasValue(Duration.ofSeconds(2));
    assertThat(throttle.blocked("192.0.2.8")).as("another address").isEmpty();
  }

  @Test
  void delaysStopAtAMinute() {
    assertThat(WrongKeyThrottle.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(WrongKeyThrottle.delay(6)).isEqualTo(Duration.ofSeconds(32));
    assertThat(WrongKeyThrottle.delay(7)).isEqualTo(Duration.ofSeconds(60));
    assertThat(WrongKeyThrottle.delay(40)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aRightKeyOrAQuietMinuteClearsTheAddress() {
    for (int i = 0; i <= WrongKeyThrottle.FREE_FAILURES; i++) {
      throttle.failed(ADDRESS);
    }
    clock.advance(Duration.ofSeconds(1));
    throttle.succeeded(ADDRESS);
    throttle.failed(ADDRESS);
    assertThat(throttle.blocked(ADDRESS)).as("counting starts again").isEmpty();

    for (int i = 0; i < WrongKeyThrottle.FREE_FAILURES; i++) {
      throttle.failed(ADDRESS);
    }
    assertThat(throttle.blocked(ADDRESS)).isPresent();
    clock.advance(Duration.ofSeconds(62));
    throttle.failed(ADDRESS);
    assertThat(throttle.blocked(ADDRESS)).as("a quiet minute after the block").isEmpty();
  }
}
