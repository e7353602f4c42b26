package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IndexEntryTest {
  private static final String JSON =
      """
      {"path":"sim/BTCUSDT/candle/1m/2026-01-01.parquet","date":"2026-01-01","records":1440,
       "size_bytes":52311,"sha256":"ab12","first_ts":"2026-01-01T00:00:00Z",
       "last_ts":"2026-01-01T23:59:00Z","table_version":3,"added_later":true}
      """;

  @Test
  void readsTheSnakeCaseIndexShapeAndIgnoresUnknownFields() throws Exception {
    IndexEntry e = new ObjectMapper().readValue(JSON, IndexEntry.class);
    assertThat(e.sizeBytes()).isEqualTo(52311);
    assertThat(e.records()).isEqualTo(1440);
    assertThat(e.lastTs()).isEqualTo("2026-01-01T23:59:00Z");
    assertThat(e.tableVersion()).isEqualTo(3);
    assertThat(e.feed()).isEqualTo("sim/BTCUSDT/candle/1m");
  }

  @Test
  void writesTheSameFieldNames() throws Exception {
    IndexEntry e = new ObjectMapper().readValue(JSON, IndexEntry.class);
    assertThat(new ObjectMapper().writeValueAsString(e))
        .contains("\"size_bytes\":52311", "\"first_ts\":", "\"table_version\":3")
        .doesNotContain("sizeBytes", "feed");
  }

  @Test
  void entryWithoutHashIsRejected() {
    assertThatThrownBy(() -> new IndexEntry("p", "2026-01-01", 1, 1, null, "a", "b", 0))
        .hasMessage("sha256");
  }
}
