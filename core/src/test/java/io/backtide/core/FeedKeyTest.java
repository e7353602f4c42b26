package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedKeyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "binance/BTCUSDT/candle/1m",
        "sim/ETHUSDT/tick/1s",
        "sim/SOL-USD/candle/1d",
        "pyth/Crypto.BTC_USD/candle/15m"
      })
  void canonicalStringRoundTrips(String text) {
    FeedKey key = FeedKey.parse(text);
    assertThat(key.toString()).isEqualTo(text);
    assertThat(FeedKey.parse(key.toString())).isEqualTo(key);
  }

  @Test
  void partsAreTyped() {
    FeedKey key = FeedKey.parse("binance/BTCUSDT/candle/1m");
    assertThat(key.source()).isEqualTo("binance");
    assertThat(key.subject()).isEqualTo("BTCUSDT");
    assertThat(key.kind()).isEqualTo(FeedKind.CANDLE);
    assertThat(key.granularity()).isEqualTo(Granularity.M1);
    assertThat(key.granularity().duration()).isEqualTo(Duration.ofMinutes(1));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "binance/BTCUSDT/candle | has 3 part(s): expected 4",
        "binance/BTCUSDT/candle/1m/x | has 5 part(s): expected 4",
        "binance/BTCUSDT/bar/1m | unknown feed kind 'bar': expected one of candle, tick",
        "binance/BTCUSDT/candle/2m | unknown granularity '2m': expected one of 1s, 1m, 5m, 15m, 1h, 1d",
        "Binance/BTCUSDT/candle/1m | bad source 'Binance'",
        "binance//candle/1m | bad subject ''",
        "binance/BTC USDT/candle/1m | bad subject 'BTC USDT'",
        "../BTCUSDT/candle/1m | bad source '..'",
        "binance/../candle/1m | bad subject '..'",
      })
  void parseErrorsNameTheBadPart(String text, String expected) {
    assertThatThrownBy(() -> FeedKey.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected)
        .hasMessageContaining(text.trim());
  }

  @Test
  void emptyKeyIsRejectedWithAnExample() {
    assertThatThrownBy(() -> FeedKey.parse(" "))
        .hasMessageContaining("expected source/subject/kind/granularity");
  }

  @ParameterizedTest
  @CsvSource({"1s,86400", "1m,1440", "5m,288", "15m,96", "1h,24", "1d,1"})
  void granularityKnowsBarsPerDay(String code, long bars) {
    assertThat(Granularity.parse(code).barsPerDay()).isEqualTo(bars);
  }
}
