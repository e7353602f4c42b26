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

  @Test
  void onlyTheFirstRunAfterTheRunnerStartedTheSessionIsJudged() {
    FirstRunHint hint = new FirstRunHint();
    assertThat(hint.firstRunEnds())
        .as("the caller's session: no run is the runner's first")
        .isFalse();
    hint.started();
    assertThat(hint.firstRunEnds()).as("the first run after the runner started Spark").isTrue();
    assertThat(hint.firstRunEnds()).as("a later run, even a slow one").isFalse();
  }
}
