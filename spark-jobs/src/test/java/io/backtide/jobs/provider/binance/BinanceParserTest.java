package io.backtide.jobs.provider.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.Candle;
import io.backtide.jobs.provider.MalformedBodyException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The REST klines parser reads decimal strings exactly as {@link Double#parseDouble} does. */
class BinanceParserTest {
  @Test
  void everyDecimalShapeParsesToTheDoubleParseDoubleGives() {
    List<String> shapes =
        List.of(
            "42283.58000000",
            "0.00000001",
            "0.00000000",
            "1234567890.123456789",
            "0.1000000000000000055511151231257827",
            "1e-5",
            " 7.5 ",
            "+3.25",
            "18446744073709551616",
            "5.");
    for (String s : shapes) {
      Candle c = only(kline("1.5", s));
      assertThat(c.volume()).as(s).isEqualTo(Double.parseDouble(s));
      assertThat(c.open()).as("open").isEqualTo(1.5);
    }
  }

  @Test
  void aDecimalThatIsNotANumberFailsTheBodyNamingTheFieldAndText() {
    assertThatThrownBy(() -> BinanceParser.klines(kline("4x2.5", "1.0")))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("open '4x2.5' is not a number");
    assertThatThrownBy(() -> BinanceParser.klines(kline("", "1.0")))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("open '' is not a number");
  }

  private static Candle only(byte[] body) {
    var rows = BinanceParser.klines(body);
    assertThat(rows).hasSize(1);
    return rows.get(0).candle();
  }

  /** One kline with these open and volume strings; its high, low and close are 1.5. */
  private static byte[] kline(String open, String volume) {
    String json =
        "[[1700000000000,\""
            + open
            + "\",\"1.5\",\"1.5\",\"1.5\",\""
            + volume
            + "\",1700000059999,\"2.5\",3,\"0.5\",\"0.75\",\"0\"]]";
    return json.getBytes(StandardCharsets.US_ASCII);
  }
}
