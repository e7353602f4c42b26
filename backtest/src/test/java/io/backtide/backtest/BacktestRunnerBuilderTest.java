package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BacktestRunnerBuilderTest {

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("no feed", b -> b, "feed is not set: call feed(\"binance/BTCUSDT/candle/1m\")"),
        bad(
            "window 0",
            b -> b.feed("sim/X/candle/1m").window(0),
            "window is 0: expected at least 1 candle"),
        bad(
            "zero predictEvery",
            b -> b.feed("sim/X/candle/1m").predictEvery(Duration.ZERO),
            "predictEvery is PT0S: expected a positive duration, e.g. Duration.ofMinutes(1)"),
        bad(
            "negative resolveAfter",
            b -> b.feed("sim/X/candle/1m").resolveAfter(Duration.ofSeconds(-5)),
            "resolveAfter is PT-5S: expected a positive duration, e.g. Duration.ofMinutes(1)"),
        bad(
            "negative lag",
            b -> b.feed("sim/X/candle/1m").maxResolveLag(Duration.ofSeconds(-1)),
            "maxResolveLag is PT-1S: expected zero or more"),
        bad(
            "null scorer",
            b -> b.feed("sim/X/candle/1m").scorer(null),
            "scorer is null: pass a Scorer, e.g. Scorers.directional()"),
        bad(
            "api key without coordinator",
            b -> b.feed("sim/X/candle/1m").coordinatorApiKey("k"),
            "coordinatorApiKey needs a coordinator(...) and must not be blank"),
        bad(
            "null cacheDir",
            b -> b.feed("sim/X/candle/1m").cacheDir(null),
            "cacheDir is null: pass a folder, e.g. Path.of(\".cache/backtest\")"));
  }

  static Arguments bad(String name, UnaryOperator<BacktestRunnerBuilder> f, String message) {
    return Arguments.of(name, f, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void buildRejectsBadSettingsNamingThem(
      String name, UnaryOperator<BacktestRunnerBuilder> settings, String message) {
    BacktestRunnerBuilder builder = settings.apply(BacktestRunner.builder(RecordingTracker.up()));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad backtest settings: " + message);
  }

  @Test
  void buildListsEveryProblemAtOnce() {
    var builder = BacktestRunner.builder(RecordingTracker.up()).window(-1);

    assertThatThrownBy(builder::build)
        .hasMessageContaining("feed is not set")
        .hasMessageContaining("; window is -1");
  }

  @Test
  void badFeedKeyNamesThePart() {
    assertThatThrownBy(() -> BacktestRunner.builder(RecordingTracker.up()).feed("sim/X/candle/2m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown granularity '2m'");
  }

  @Test
  void runRejectsBadRangesBeforeReading() {
    BacktestRunner runner =
        BacktestRunner.builder(RecordingTracker.up()).feed("sim/X/candle/1m").build();

    assertThatThrownBy(() -> runner.run("2026-01-02", "2026-01-01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be before end");
    assertThatThrownBy(() -> runner.run("yesterday", "2026-01-01"))
        .hasMessageStartingWith("cannot parse start 'yesterday'");
  }

  @Test
  void laterSetterCallsDoNotChangeABuiltRunner() {
    BacktestRunnerBuilder builder =
        BacktestRunner.builder(RecordingTracker.up()).feed("sim/X/candle/5m");
    BacktestRunner runner = builder.build();

    builder.window(0);

    assertThat(runner.coordinator()).isEmpty();
    assertThat(builder.maxResolveLag())
        .as("defaults to one granularity step")
        .isEqualTo(Duration.ofMinutes(5));
  }
}
