package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tracker-facing value types: window view, payload shape, predictions, scores. */
class ContractTypesTest {

  static final long T = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
  static final long[] TS = {T, T + 60_000_000L, T + 120_000_000L, T + 180_000_000L};
  static final double[] C = {10, 11, 12, 13};

  static CandleWindow window(int from, int size) {
    return new CandleWindow(TS, C, C, C, C, new double[] {1, 2, 3, 4}, from, size);
  }

  @Test
  void windowIsAViewOfTheArraysWithoutCopying() {
    double[] close = C.clone();
    CandleWindow w = new CandleWindow(TS, close, close, close, close, close, 1, 2);

    close[2] = 99;

    assertThat(w.size()).isEqualTo(2);
    assertThat(w.lastClose()).isEqualTo(99);
    assertThat(w.time(0)).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
    assertThat(w.closes()).containsExactly(11.0, 99.0);
    assertThat(w.asList()).extracting(c -> c.close()).containsExactly(11.0, 99.0);
    assertThatThrownBy(() -> w.close(2))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("candle 2 of a window of 2");
    assertThatThrownBy(() -> w.asList().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aSliceIsTheCandlesOfItsRangeWithinTheWindow() {
    CandleWindow slice = window(0, 4).slice(1, 2);
    CandleWindow sliceOfSlice = window(1, 3).slice(1, 2);

    assertThat(slice.size()).isEqualTo(2);
    assertThat(slice.tsMicros(0)).isEqualTo(TS[1]);
    assertThat(slice.closes()).containsExactly(11.0, 12.0);
    assertThat(slice.volume(1)).isEqualTo(3.0);
    assertThat(sliceOfSlice.tsMicros(0)).isEqualTo(TS[2]);
    assertThat(sliceOfSlice.closes()).containsExactly(12.0, 13.0);
    assertThat(sliceOfSlice.lastClose()).isEqualTo(13.0);
    assertThat(window(0, 4).slice(4, 0).isEmpty()).isTrue();
    assertThatThrownBy(() -> window(1, 2).slice(1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> window(0, 4).slice(-1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void tickDataWithoutATimeIsAsOfTheNewestCandleAndEqualsTheExplicitForm() {
    CandleWindow w = window(1, 2);

    TickData implicit = new TickData("BTCUSDT", w);
    TickData explicit = new TickData("BTCUSDT", Instant.parse("2026-01-01T00:02:00Z"), w);

    assertThat(implicit.asOf()).isEqualTo(Instant.parse("2026-01-01T00:02:00Z"));
    assertThat(implicit).isEqualTo(explicit).hasSameHashCodeAs(explicit);
    assertThat(implicit.toString())
        .isEqualTo("TickData[symbol=BTCUSDT, asOf=2026-01-01T00:02:00Z, candles=" + w + "]");
    assertThat(implicit).isNotEqualTo(new TickData("ETHUSDT", w));
    assertThat(implicit).isNotEqualTo(new TickData("BTCUSDT", window(1, 2)));
    assertThatThrownBy(() -> new TickData("BTCUSDT", window(2, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an empty window has no newest candle to be as of");
    assertThatThrownBy(() -> new TickData(null, w)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void windowOutsideTheColumnsIsRejected() {
    assertThatThrownBy(() -> window(3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window [3, 5) is outside the 4 candles");
  }

  @Test
  void toMapHasTheProductionPayloadShape() {
    TickData data = new TickData("BTCUSDT", Instant.parse("2026-01-01T00:03:00Z"), window(2, 2));

    Map<String, Object> map = data.toMap();

    assertThat(map.keySet()).containsExactly("symbol", "asof_ts", "candles_1m");
    assertThat(map).containsEntry("symbol", "BTCUSDT").containsEntry("asof_ts", 1767225780L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> candles = (List<Map<String, Object>>) map.get("candles_1m");
    assertThat(candles).hasSize(2);
    assertThat(candles.get(1))
        .containsExactly(
            Map.entry("ts", 1767225780L),
            Map.entry("open", 13.0),
            Map.entry("high", 13.0),
            Map.entry("low", 13.0),
            Map.entry("close", 13.0),
            Map.entry("volume", 4.0));
  }

  @Test
  void signalIsTheValueFieldElseTheFirstNumber() {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("label", "up");
    fields.put("confidence", 0.7);
    fields.put("size", 3);

    assertThat(Prediction.of(-0.5).signal()).hasValue(-0.5);
    assertThat(Prediction.of(fields).signal()).hasValue(0.7);
    assertThat(Prediction.of(Map.of("label", "up")).signal()).isEmpty();
    assertThat(Prediction.of(fields).output().keySet())
        .containsExactly("label", "confidence", "size");
    assertThatThrownBy(() -> Prediction.of(Map.of(" ", 1)))
        .hasMessageStartingWith("prediction field names must not be blank");
  }

  @Test
  void singleFieldOutputsMayHoldNullAndStayReadOnly() {
    var fields = new java.util.HashMap<String, Object>();
    fields.put("label", null);

    Prediction p = Prediction.of(fields);
    fields.put("label", "changed");

    assertThat(p.output()).containsEntry("label", null);
    assertThat(p.signal()).isEmpty();
    assertThatThrownBy(() -> p.output().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest(name = "value {0}, {1} -> {2}: {3}")
  @CsvSource({
    "0.3, 101, 1.0, ",
    "0.3, 99, -1.0, ",
    "-2, 99, 1.0, ",
    "0, 101, 0.0, ",
    "0.3, 100, 0.0, ",
    "NaN, 101, , prediction value is NaN",
  })
  void directionalScorerComparesSigns(double value, double resolved, Double score, String why) {
    Score s = Scorers.directional().score(Prediction.of(value), GroundTruth.between(100, resolved));

    if (why == null) {
      assertThat(s).isEqualTo(Score.of(score));
    } else {
      assertThat(s.success()).isFalse();
      assertThat(s.failedReason()).contains(why);
    }
  }

  @Test
  void directionalScorerFailsWithoutANumber() {
    Score s =
        Scorers.directional()
            .score(Prediction.of(Map.of("label", "up")), GroundTruth.between(1, 2));

    assertThat(s.failedReason()).contains("prediction has no numeric field: {label=up}");
  }

  @Test
  void valueTypesRejectWhatCanNeverBeValid() {
    assertThat(GroundTruth.between(100, 110))
        .isEqualTo(new GroundTruth(100, 110, 110.0 / 100 - 1, true));
    assertThatThrownBy(() -> GroundTruth.between(0, 1))
        .hasMessage("entryPrice must be a positive number, got 0.0");
    assertThatThrownBy(() -> Score.of(Double.NaN))
        .hasMessage("a successful score must be finite, got NaN");
    assertThatThrownBy(() -> new PredictionScope("X", Duration.ZERO, Duration.ofMinutes(1)))
        .hasMessage("resolveHorizon must be positive, got PT0S");
  }
}
