package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CandleColumnTest {
  @Test
  void namesAreTheStoredColumnNamesInTheTablesOrder() {
    assertThat(CandleColumn.TABLE)
        .extracting(CandleColumn::columnName)
        .containsExactly(
            "source",
            "subject",
            "kind",
            "granularity",
            "date",
            "ts_event",
            "open",
            "high",
            "low",
            "close",
            "volume",
            "meta");
  }

  @Test
  void publishedFileSchemaIsTheSeedsElevenColumns() {
    assertThat(CandleColumn.parquetMessage("candle", CandleColumn.PUBLISHED, false))
        .isEqualTo(
            """
            message candle {
              optional int64 ts_event (TIMESTAMP(MICROS,true));
              optional binary source (STRING);
              optional binary subject (STRING);
              optional binary kind (STRING);
              optional binary granularity (STRING);
              optional double open;
              optional double high;
              optional double low;
              optional double close;
              optional double volume;
              optional binary meta (STRING);
            }
            """);
  }

  @Test
  void requiredDeclarationsCarryEachTypesAnnotation() {
    assertThat(CandleColumn.DATE.parquet(true)).isEqualTo("required int32 date (DATE)");
    assertThat(CandleColumn.VOLUME.parquet(true)).isEqualTo("required double volume");
  }

  @Test
  void valuesComeFromTheCandleAndTheFeed() {
    Candle c = new Candle(Instant.parse("2026-01-01T00:00:00Z"), 2, 4, 1, 3, 7);
    assertThat(CandleColumn.VALUES.stream().map(col -> col.value(c)))
        .containsExactly(2.0, 4.0, 1.0, 3.0, 7.0);
    FeedKey feed = FeedKey.parse("binance/BTCUSDT/tick/1s");
    assertThat(CandleColumn.FEED.stream().map(col -> col.value(feed)))
        .containsExactly("binance", "BTCUSDT", "tick", "1s");
    assertThatThrownBy(() -> CandleColumn.META.value(c))
        .hasMessage("meta is not one of a candle's values");
  }
}
