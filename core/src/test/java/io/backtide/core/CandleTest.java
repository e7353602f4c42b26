package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CandleTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  static Stream<Arguments> invalidCandles() {
    return Stream.of(
        Arguments.of(Double.NaN, 2, 1, 1.5, 1, "open is NaN, expected a finite number"),
        Arguments.of(1.5, Double.POSITIVE_INFINITY, 1, 1.5, 1, "high is Infinity"),
        Arguments.of(1.5, 2, 1, 1.5, -1, "volume -1.0 is negative"),
        Arguments.of(1.5, 1, 2, 1.5, 1, "high 1.0 is below low 2.0"),
        Arguments.of(3, 2, 1, 1.5, 1, "open 3.0 is outside [low 1.0, high 2.0]"),
        Arguments.of(1.5, 2, 1, 0.5, 1, "close 0.5 is outside [low 1.0, high 2.0]"));
  }

  @ParameterizedTest
  @MethodSource("invalidCandles")
  void invalidCandleIsRejectedWithItsTimestamp(
      double o, double h, double l, double c, double v, String expected) {
    assertThatThrownBy(() -> new Candle(T, o, h, l, c, v))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid candle at 2026-01-01T00:00:00Z")
        .hasMessageContaining(expected);
  }

  @Test
  void timestampIsTruncatedToMicroseconds() {
    Candle c = new Candle(T.plusNanos(1_234_567), 1, 1, 1, 1, 0);
    assertThat(c.tsEvent()).isEqualTo(T.plusNanos(1_234_000));
    assertThat(c.tsEventMicros()).isEqualTo(T.getEpochSecond() * 1_000_000 + 1234);
  }

  @Test
  void microsecondsSinceTheEpochAgreeWithJavaTimeBeforeAndAfterIt() {
    for (Instant t :
        List.of(
            T,
            T.plusNanos(999_999_999),
            Instant.EPOCH,
            Instant.EPOCH.minusNanos(1_000),
            Instant.EPOCH.minusNanos(1_500),
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            Instant.parse("1900-01-01T00:00:00.000001Z"),
            Instant.parse("2262-04-11T23:47:16.854775Z"))) {
      Candle c = new Candle(t, 1, 1, 1, 1, 0);
      assertThat(c.tsEventMicros())
          .as("%s", t)
          .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, c.tsEvent()));
    }
  }

  @Test
  void tradeIsAOnePriceCandle() {
    Candle c = Candle.trade(T, 42.5, 0.25);
    assertThat(c.open()).isEqualTo(42.5);
    assertThat(c.high()).isEqualTo(42.5);
    assertThat(c.low()).isEqualTo(42.5);
    assertThat(c.close()).isEqualTo(42.5);
    assertThat(c.volume()).isEqualTo(0.25);
  }
}
