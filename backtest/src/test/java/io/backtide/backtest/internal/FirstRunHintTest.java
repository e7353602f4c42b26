package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FirstRunHintTest {
  @Test
  void aSlowFirstRunWithoutAnArchiveGetsTheTipWithItsTimeAndTheFlags() {
    assertThat(FirstRunHint.tip(Duration.ofMillis(5_430), "", ""))
        .hasValueSatisfying(
            tip ->
                assertThat(tip)
                    .contains("took 5.4 s")
                    .contains("-XX:ArchiveClassesAtExit=backtide.jsa")
                    .contains("-XX:SharedArchiveFile=backtide.jsa"));
    assertThat(FirstRunHint.tip(FirstRunHint.SLOW, "", "")).isPresent();
  }

  @Test
  void aFastRunAMappedArchiveOrATrainingRunGetNoTip() {
    assertThat(FirstRunHint.tip(FirstRunHint.SLOW.minusMillis(1), "", "")).isEmpty();
    assertThat(FirstRunHint.tip(Duration.ofSeconds(6), "/tmp/backtide.jsa", "")).isEmpty();
    assertThat(FirstRunHint.tip(Duration.ofSeconds(6), "", "/tmp/backtide.jsa")).isEmpty();
  }

  @Test
  void readsTheJvmsOptionsAndTakesAnUnknownOneAsUnset() {
    assertThat(FirstRunHint.vmOption("SharedArchiveFile"))
        .as("Surefire's JVM maps no archive of its own")
        .isEmpty();
    assertThat(FirstRunHint.vmOption("MaxHeapSize")).as("a set option").isNotEmpty();
    assertThat(FirstRunHint.vmOption("NoSuchOptionAnywhere")).isEmpty();
  }
}
