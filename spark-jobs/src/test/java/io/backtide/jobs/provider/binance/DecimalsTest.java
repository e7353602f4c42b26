package io.backtide.jobs.provider.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
    byte[] bytes = ("x" + text + "y").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    MetaJson out = new MetaJson().begin();
    Decimals.appendCanonical(out, bytes, 1, bytes.length - 1);
    assertThat(out.end()).isEqualTo("{" + json + "}");
  }

  @Test
  void longsParseAsParseLongDoesAndBadOnesAreRejected() {
    SplittableRandom random = new SplittableRandom(13);
    List<String> texts =
        new java.util.ArrayList<>(
            List.of(
                "0",
                "7",
                "-42",
                "+5",
                "999999999999999999",
                "1000000000000000000",
                String.valueOf(Long.MAX_VALUE),
                String.valueOf(Long.MIN_VALUE)));
    for (int i = 0; i < 100_000; i++) {
      texts.add(String.valueOf(random.nextLong() >>> random.nextInt(64)));
    }
    for (String text : texts) {
      byte[] bytes = ("," + text + ",").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(Decimals.parseLong(bytes, 1, bytes.length - 1))
          .as(text)
          .isEqualTo(Long.parseLong(text));
    }
    for (String bad : List.of("", "12a", "9223372036854775808", "1.5", "-", " 1")) {
      byte[] bytes = bad.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThatThrownBy(() -> Decimals.parseLong(bytes, 0, bytes.length))
          .as(bad)
          .isInstanceOf(NumberFormatException.class);
    }
  }

  @Test
  void textThatIsNotANumberIsRejected() {
    assertThatThrownBy(() -> Decimals.parse("12,5", 0, 4))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(
            () -> Decimals.appendCanonical(new MetaJson().begin(), "n/a".getBytes(), 0, 3))
        .isInstanceOf(NumberFormatException.class);
  }
}
