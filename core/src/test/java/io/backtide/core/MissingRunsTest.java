package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.MissingRuns.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class MissingRunsTest {
  private static List<Run> runs(long[] times, long from, long to, long step) {
    return MissingRuns.of(times.length, i -> times[i], from, to, step);
  }

  @Test
  void headMiddleAndTailRunsAreFoundInOnePass() {
    long[] times = {30, 40, 50, 90, 100};

    assertThat(runs(times, 0, 150, 10))
        .containsExactly(new Run(0, 30), new Run(60, 90), new Run(110, 150));
  }

  @Test
  void nothingIsMissingFromAWholeRangeAndAnEmptyOneIsOneRun() {
    assertThat(runs(new long[] {0, 10, 20}, 0, 30, 10)).isEmpty();
    assertThat(runs(new long[0], 0, 30, 10)).containsExactly(new Run(0, 30));
  }

  @Test
  void aRepeatedTimeOrOneOutsideTheRangeMakesNoRun() {
    assertThat(runs(new long[] {-10, 0, 10, 10, 20, 30, 40, 50}, 0, 40, 10)).isEmpty();
    assertThat(runs(new long[] {-5, 20}, 0, 40, 10))
        .containsExactly(new Run(0, 20), new Run(30, 40));
  }

  @Test
  void lessThanOneStepIsNotARun() {
    assertThat(runs(new long[] {0, 15}, 0, 30, 10)).containsExactly();
    assertThat(runs(new long[] {0, 10}, 0, 29, 10)).containsExactly();
  }

  @Test
  void aStepThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> runs(new long[0], 0, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step must be positive: 0");
  }
}
