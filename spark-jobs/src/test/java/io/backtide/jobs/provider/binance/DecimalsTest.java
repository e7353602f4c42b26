package io.backtide.jobs.provider.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalsTest {
  @Test
  void parsesExactlyAsParseDoubleDoes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      String text =
          random.nextLong(0, 100_000_000_000L)
              + "."
              + String.format("%08d", random.nextInt(100_000_000));
      assertThat(Decimals.parse(text, 0, text.length()))
          .as(text)
          .isEqualTo(Double.parseDouble(text));
    }
    for (String text :
        new String[] {"0", "0.00000000", "42283.58000000", "1e-5", "123456789012345678.5"}) {
      assertThat(Decimals.parse("x" + text + "y", 1, text.length() + 1))
          .as(text)
          .isEqualTo(Double.parseDouble(text));
    }
  }

  @Test
  void longMantissasParseExactlyAsParseDoubleDoes() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200_000; i++) {
      double value = random.nextDouble(0, 1e9) * (random.nextBoolean() ? 1 : 1e-9);
      for (String text :
          new String[] {
            Double.toString(value).replace("E", "e"),
            new java.math.BigDecimal(value).toPlainString(),
            String.format("%.17f", value),
            random.nextLong(1_000_000_000_000_000L, Long.MAX_VALUE) + "." + random.nextInt(1000)
          }) {
        assertThat(Decimals.parse(text, 0, text.length()))
            .as(text)
            .isEqualTo(Double.parseDouble(text));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "42283.58000000, 42283.58",
    "0.00000000,     0",
    "12.0,           12",
    "100,            100",
    "0.5,            0.5",
    "1E-5,           1.0E-5"
  })
  void writesOneCanonicalFormPerValue(String text, String json) {
    StringBuilder out = new StringBuilder();
    Decimals.appendCanonical(out, text, 0, text.length());
    assertThat(out).hasToString(json);
  }

  @Test
  void textThatIsNotANumberIsRejected() {
    assertThatThrownBy(() -> Decimals.parse("12,5", 0, 4))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> Decimals.appendCanonical(new StringBuilder(), "n/a", 0, 3))
        .isInstanceOf(NumberFormatException.class);
  }
}
