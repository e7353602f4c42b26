package io.backtide.jobs.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  final RetryPolicy policy =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofMinutes(15));

  @Test
  void waitsDoubleWithJitterBetweenHalfAndAllOfTheStepAndAreCappedPerWait() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      assertThat(policy.delayAfter(1, random)).isBetween(ms(250), ms(500));
      assertThat(policy.delayAfter(4, random)).isBetween(ms(2000), ms(4000));
      assertThat(policy.delayAfter(20, random)).isBetween(ms(30_000), ms(60_000));
      assertThat(policy.delayAfter(1000, random)).isBetween(ms(30_000), ms(60_000));
    }
  }

  @Test
  void standardPolicyHasFifteenMinutesOfPatienceAndAMinuteCap() {
    assertThat(RetryPolicy.standard().maxOutage()).isEqualTo(Duration.ofMinutes(15));
    assertThat(RetryPolicy.standard().maxDelay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(RetryPolicy.standard().withMaxOutage(Duration.ofHours(1)).maxOutage())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aRetryIsAllowedWhileItFallsWithinThePatience() {
    assertThat(policy.allowsRetry(Duration.ofMinutes(14), Duration.ofSeconds(60))).isTrue();
    assertThat(policy.allowsRetry(Duration.ofMinutes(14), Duration.ofSeconds(61))).isFalse();
  }

  @Test
  void invalidDelaysAreRefusedNamingThem() {
    assertThatThrownBy(() -> new RetryPolicy(ms(10), ms(5), Duration.ofMinutes(1)))
        .hasMessageContaining("baseDelay (PT0.01S) <= maxDelay (PT0.005S)");
    assertThatThrownBy(() -> new RetryPolicy(ms(1), ms(5), Duration.ofMinutes(-1)))
        .hasMessageContaining("maxOutage PT-1M must not be negative");
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
