package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProviderTest {
  @Test
  void everyProviderIsFoundByItsName() {
    assertThat(Provider.codes()).containsExactly("binance", "binance-um", "sim");
    for (String code : Provider.codes()) {
      assertThat(Provider.of(code).code()).isEqualTo(code);
    }
  }

  @Test
  void anUnknownProviderIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> Provider.of("kraken"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown provider 'kraken': expected one of binance, binance-um, sim");
  }

  @Test
  void futuresHaveNoOneSecondCandlesAndSaySoWithWhatTheyServe() {
    assertThatThrownBy(() -> Provider.requireServes(FeedKey.parse("binance-um/BTCUSDT/candle/1s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "feed binance-um/BTCUSDT/candle/1s: binance-um has no 1s candles; it serves 1m, 5m,"
                + " 15m, 1h, 1d");
  }

  @Test
  void spotSimAndFuturesMinutesAreServed() {
    Provider.requireServes(FeedKey.parse("binance/BTCUSDT/candle/1s"));
    Provider.requireServes(FeedKey.parse("sim/BTCUSDT/candle/1s"));
    Provider.requireServes(FeedKey.parse("binance-um/BTCUSDT/candle/1m"));
    Provider.requireServes(FeedKey.parse("binance/BTCUSDT/tick/1s"));
    assertThat(Provider.of("binance-um")).isEqualTo(Provider.BINANCE_UM);
  }
}
