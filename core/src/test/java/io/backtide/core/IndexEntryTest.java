package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
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
  void provenanceIsWrittenWhenKnownAndLeftOutOtherwise() throws Exception {
    ObjectMapper json = new ObjectMapper();
    IndexEntry plain = json.readValue(JSON, IndexEntry.class);
    IndexEntry archived = plain.withOrigin("archive", "cd34");

    assertThat(plain.origin()).isNull();
    assertThat(json.writeValueAsString(plain)).doesNotContain("origin", "archive_sha256", "gaps");
    assertThat(plain.gaps()).isEmpty();
    String written = json.writeValueAsString(archived);
    assertThat(written).contains("\"origin\":\"archive\"", "\"archive_sha256\":\"cd34\"");
    assertThat(json.readValue(written, IndexEntry.class)).isEqualTo(archived);
  }

  @Test
  void anUnknownOriginOrARestDayWithAnArchiveDigestIsRejected() {
    IndexEntry e = new IndexEntry("p", "2026-01-01", 1, 1, "ab", "a", "b", 0);
    assertThatThrownBy(() -> e.withOrigin("ftp", null))
        .hasMessage("origin 'ftp' of p: expected one of archive, rest, mixed");
    assertThatThrownBy(() -> e.withOrigin("rest", "cd34"))
        .hasMessage("archive_sha256 of p needs origin archive or mixed, not rest");
  }

  @Test
  void gapsRoundTripAsTheirOwnObjects() throws Exception {
    ObjectMapper json = new ObjectMapper();
    IndexEntry e =
        json.readValue(JSON, IndexEntry.class)
            .withGaps(List.of(new Gap("2026-01-01T10:00:00Z", "2026-01-01T10:05:00Z", 5, true)));
    String written = json.writeValueAsString(e);
    assertThat(written)
        .contains(
            "\"gaps\":[{\"start\":\"2026-01-01T10:00:00Z\",\"end\":\"2026-01-01T10:05:00Z\","
                + "\"candles\":5,\"confirmed\":true}]");
    assertThat(json.readValue(written, IndexEntry.class)).isEqualTo(e);
  }

  @Test
  void entryWithoutHashIsRejected() {
    assertThatThrownBy(() -> new IndexEntry("p", "2026-01-01", 1, 1, null, "a", "b", 0))
        .hasMessage("sha256");
  }
}
