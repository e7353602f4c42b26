package io.backtide.jobs.provider.binance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.Candle;
import io.backtide.jobs.provider.SourceRow;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The archive's CSV read in place gives the rows the REST parser gives for the same klines. */
class ArchiveCsvTest {
  private static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");

  private static ArchiveCsv csv(String text, boolean trades) {
    AsciiLines lines =
        new AsciiLines(new ByteArrayInputStream(text.getBytes(ISO_8859_1)), ArchiveCsv.MAX_FIELDS);
    return new ArchiveCsv(lines, "f.zip", trades, DAY, DAY.plusSeconds(86_400));
  }

  private static List<SourceRow> rows(String text) {
    List<SourceRow> out = new ArrayList<>();
    try (ArchiveCsv csv = csv(text, false)) {
      for (SourceRow row = csv.next(); row != null; row = csv.next()) {
        out.add(row);
      }
    }
    return out;
  }

  /** A decimal as Binance may print it: trailing zeros, none, 16+ digits, an integer. */
  private static String decimal(SplittableRandom random, double value) {
    return switch (random.nextInt(4)) {
      case 0 -> String.format("%.8f", value);
      case 1 -> new java.math.BigDecimal(value).toPlainString();
      case 2 -> Long.toString((long) value);
      default -> Double.toString(value).contains("E") ? "0" : Double.toString(value);
    };
  }

  @Test
  void everyKlineFieldComesOutAsTheRestPathMakesIt() {
    SplittableRandom random = new SplittableRandom(5);
    StringBuilder text = new StringBuilder("open_time,open,high,low,close,volume,...\r\n");
    List<SourceRow> expected = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long open = DAY.toEpochMilli() + i * 1000L;
      String price = decimal(random, random.nextDouble(1, 100_000));
      String volume = decimal(random, random.nextDouble(0, 1_000));
      String[] volumes = new String[3];
      for (int v = 0; v < 3; v++) {
        volumes[v] = decimal(random, random.nextDouble(0, 1e9));
      }
      long trades = random.nextLong(0, Long.MAX_VALUE);
      text.append(
              String.join(
                  ",",
                  Long.toString(open),
                  price,
                  price,
                  price,
                  price,
                  volume,
                  Long.toString(open + 999),
                  volumes[0],
                  Long.toString(trades),
                  volumes[1],
                  volumes[2],
                  "0"))
          .append(i % 2 == 0 ? "\n" : "\r\n");
      double p = Double.parseDouble(price);
      expected.add(
          new SourceRow(
              new Candle(Instant.ofEpochMilli(open), p, p, p, p, Double.parseDouble(volume)),
              BinanceMeta.kline(open + 999, volumes[0], trades, volumes[1], volumes[2])));
    }

    assertThat(rows(text.toString())).isEqualTo(expected);
  }

  @Test
  void metaIsTheDocumentedJson() {
    List<SourceRow> rows =
        rows("1709251200000,1.5,2,1,1.50,3.25000000,1709251259999,4.10,7,0.0000,12.5,0\n");

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).meta())
        .isEqualTo(
            "{\"close_time\":1709251259999,\"quote_volume\":4.1,\"trades\":7,"
                + "\"taker_buy_base_volume\":0,\"taker_buy_quote_volume\":12.5}");
  }

  @Test
  void aBadFieldFailsNamingTheFileLineAndField() {
    String good = "1709251200000,1,1,1,1,1,1709251259999,1,1,1,1,0\n";

    assertThatThrownBy(() -> rows(good + "1709251260000,1,1x,1,1,1,1709251319999,1,1,1,1,0\n"))
        .isInstanceOf(MalformedArchiveException.class)
        .hasMessageStartingWith("archive file f.zip line 2: ");
    assertThatThrownBy(() -> rows(good + "1709251260000,1,1,1,1\n"))
        .hasMessage("archive file f.zip line 2: 5 columns, expected at least 11 for a kline");
    assertThatThrownBy(() -> rows(good + "1709251260000000,1,1,1,1,1,1709251319999,1,1,1,1,0\n"))
        .hasMessageContaining("line 2: open time 1709251260000000 is in microseconds")
        .hasMessageContaining("the file's first time is in milliseconds");
    assertThatThrownBy(() -> rows(good + "1709251200000,1,1,1,1,1,1709251259999,1,1,1,1,0\n"))
        .hasMessage(
            "archive file f.zip line 2: open time 1709251200000 does not follow the row before");
    assertThatThrownBy(() -> rows(good + "1709251260000,1,1,1,1,1,1709251319999,1,-,1,1,0\n"))
        .hasMessageStartingWith("archive file f.zip line 2: ");
  }

  @Test
  void aggTradesKeepIdsAndBuyerMakerInEitherCase() {
    List<SourceRow> out = new ArrayList<>();
    try (ArchiveCsv csv =
        csv(
            "9,100.5,0.25,20,22,1709251200001,True,True\n10,100.25,1,23,23,1709251200001,false\n",
            true)) {
      for (SourceRow row = csv.next(); row != null; row = csv.next()) {
        out.add(row);
      }
    }

    assertThat(out)
        .extracting(r -> r.candle().tsEvent())
        .containsExactly(
            Instant.ofEpochMilli(1709251200001L),
            Instant.ofEpochMilli(1709251200001L).plusNanos(1000));
    assertThat(out)
        .extracting(SourceRow::meta)
        .containsExactly(
            BinanceMeta.aggTrade(9, 20, 22, true), BinanceMeta.aggTrade(10, 23, 23, false));
    assertThat(out.get(1).candle().close()).isEqualTo(100.25);
  }
}
