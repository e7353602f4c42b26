package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.backtest.internal.SweepTable;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The grid helper, typed reads, and the checks of parameter sets before a sweep starts. */
class ParametersTest {

  @Test
  void gridIsTheCartesianProductWithTheLastAxisFastest() {
    List<Map<String, Object>> sets =
        Parameters.grid().axis("fast", 5, 10).axis("slow", 60, 90, 120).axis("tag", "a").sets();

    assertThat(sets)
        .containsExactly(
            Map.of("fast", 5, "slow", 60, "tag", "a"),
            Map.of("fast", 5, "slow", 90, "tag", "a"),
            Map.of("fast", 5, "slow", 120, "tag", "a"),
            Map.of("fast", 10, "slow", 60, "tag", "a"),
            Map.of("fast", 10, "slow", 90, "tag", "a"),
            Map.of("fast", 10, "slow", 120, "tag", "a"));
    assertThat(sets.get(0).keySet()).containsExactly("fast", "slow", "tag");
    assertThat(Parameters.grid().sets()).isEmpty();
  }

  @Test
  void gridRejectsRepeatedOrEmptyAxes() {
    assertThatThrownBy(() -> Parameters.grid().axis("fast", 1).axis("fast", 2))
        .hasMessageContaining("axis name 'fast' is blank or already used");
    assertThatThrownBy(() -> Parameters.grid().axis("fast"))
        .hasMessageContaining("axis 'fast' has no values");
  }

  @Test
  void typedReadsNameTheParameterAndWhatWasFound() {
    Map<String, Object> p = Map.of("fast", 5, "big", 5_000_000_000L, "rate", 0.5, "tag", "x");

    assertThat(Parameters.intValue(p, "fast")).isEqualTo(5);
    assertThat(Parameters.doubleValue(p, "fast")).isEqualTo(5.0);
    assertThat(Parameters.doubleValue(p, "rate")).isEqualTo(0.5);
    assertThatThrownBy(() -> Parameters.intValue(p, "big"))
        .hasMessageContaining("parameter 'big' is a Long (5000000000): expected an int");
    assertThatThrownBy(() -> Parameters.intValue(p, "slow"))
        .hasMessageContaining("parameter 'slow' is missing: expected an int");
    assertThatThrownBy(() -> Parameters.doubleValue(p, "tag"))
        .hasMessageContaining("parameter 'tag' is a String (x): expected a number");
  }

  static Stream<Arguments> badSets() {
    return Stream.of(
        Arguments.of(List.of(), "no parameter sets: pass at least one"),
        Arguments.of(
            List.of(Map.of("fast", 5), Map.of("slow", 5)),
            "parameter set #1 has names [slow], set #0 has [fast]"),
        Arguments.of(
            List.of(Map.of("fast", 5), Map.of("fast", 5.0)),
            "parameter 'fast' is double in set #1 but int before"),
        Arguments.of(
            List.of(Map.of("fast", List.of(5))),
            "parameter 'fast' of set #0 is a java.util.ImmutableCollections$List12"),
        Arguments.of(List.of(Map.of("ic", 1)), "parameter name 'ic' is a result column"),
        Arguments.of(List.of(Map.of("set", 1)), "parameter name 'set' is a result column"));
  }

  @ParameterizedTest
  @MethodSource("badSets")
  void badParameterSetsAreRejectedBeforeAnyReplay(List<Map<String, Object>> sets, String error) {
    assertThatThrownBy(() -> SweepTable.of(sets))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(error);
  }
}
