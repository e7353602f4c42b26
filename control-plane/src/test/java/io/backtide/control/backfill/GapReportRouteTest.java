package io.backtide.control.backfill;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.Gap;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GapReportRouteTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FEED = "binance/BTCUSDT/candle/1m";
  static final String ROUTE = "/reports/backfill/feeds/" + FEED + "/gaps";
  static RunningControlPlane cp;

  @BeforeAll
  static void start() throws Exception {
    cp = RunningControlPlane.builder().launcher(s -> new RecordingLauncher()).start();
    Path published = Files.createDirectories(cp.dataDir().resolve("published"));
    IndexEntry day1 =
        entry("2026-01-01", 1430)
            .withOrigin("archive", "ab".repeat(32))
            .withGaps(List.of(new Gap("2026-01-01T23:50:00Z", "2026-01-02T00:00:00Z", 10, true)));
    IndexEntry day2 =
        entry("2026-01-02", 1437)
            .withOrigin("rest", null)
            .withGaps(
                List.of(
                    new Gap("2026-01-02T00:00:00Z", "2026-01-02T00:02:00Z", 2, true),
                    new Gap("2026-01-02T12:00:00Z", "2026-01-02T12:01:00Z", 1, false)));
    IndexEntry eth =
        new IndexEntry(
            "binance/ETHUSDT/candle/1m/2026-01-01.parquet",
            "2026-01-01",
            1400,
            1000,
            "ef".repeat(32),
            "2026-01-01T00:00:00Z",
            "2026-01-01T23:59:00Z",
            1);
    // BTC has its own index (as the job writes it); ETH is only in the old single index.
    Instant at = Instant.parse("2026-01-05T00:00:00Z");
    Path btc = Files.createDirectories(published.resolve(FEED));
    IndexFile.NONE.with(List.of(day1, day2), at).writeAtomically(btc.resolve(IndexFile.FILE_NAME));
    IndexFile.NONE.with(List.of(eth), at).writeAtomically(published.resolve(IndexFile.FILE_NAME));
  }

  @Test
  void theServedIndexKeepsEachDaysOriginArchiveDigestAndGaps() throws Exception {
    HttpResponse<String> r =
        cp.http()
            .get("/data/backfill/index?source=binance&subject=BTCUSDT&kind=candle&granularity=1m");

    assertThat(r.statusCode()).isEqualTo(200);
    List<IndexEntry> served = IndexFile.parse(r.body().getBytes(UTF_8)).files();
    assertThat(served)
        .extracting(IndexEntry::origin, IndexEntry::archiveSha256)
        .containsExactly(tuple("archive", "ab".repeat(32)), tuple("rest", null));
    assertThat(served.get(1).gaps())
        .containsExactly(
            new Gap("2026-01-02T00:00:00Z", "2026-01-02T00:02:00Z", 2, true),
            new Gap("2026-01-02T12:00:00Z", "2026-01-02T12:01:00Z", 1, false));
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @Test
  void missingCandlesAreMergedRunsAcrossDaysAndUnpublishedDaysWereNeverFetched() throws Exception {
    HttpResponse<String> r = cp.http().get(ROUTE + "?start=2026-01-01&end=2026-01-04");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode report = JSON.readTree(r.body());
    assertThat(report.path("expected").asLong()).isEqualTo(3 * 1440);
    assertThat(report.path("present").asLong()).isEqualTo(1430 + 1437);
    assertThat(report.path("days").get(0).path("origin").asText()).isEqualTo("archive");
    assertThat(report.path("days").get(2).path("published").asBoolean()).isFalse();
    assertThat(report.path("days").get(0).path("unlocated").asLong())
        .as("1440 - 1430 - the 10 located")
        .isZero();
    assertThat(JSON.convertValue(report.path("gaps"), Gap[].class))
        .as("the run over midnight is one gap; the unpublished day is one, never fetched")
        .containsExactly(
            new Gap("2026-01-01T23:50:00Z", "2026-01-02T00:02:00Z", 12, true),
            new Gap("2026-01-02T12:00:00Z", "2026-01-02T12:01:00Z", 1, false),
            new Gap("2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", 1440, false));
  }

  @Test
  void missingCandlesOfADayWithoutRecordedGapsAreCountedAsUnlocated() throws Exception {
    String route = "/reports/backfill/feeds/binance/ETHUSDT/candle/1m/gaps";
    JsonNode report = JSON.readTree(cp.http().get(route).body());
    assertThat(report.path("days").get(0).path("unlocated").asLong()).isEqualTo(40);
    assertThat(report.path("gaps")).as("nothing to place").isEmpty();
  }

  @Test
  void withoutARangeTheReportCoversThePublishedDays() throws Exception {
    JsonNode report = JSON.readTree(cp.http().get(ROUTE).body());
    assertThat(report.path("start").asText()).isEqualTo("2026-01-01");
    assertThat(report.path("end").asText()).isEqualTo("2026-01-03");
    assertThat(report.path("gaps")).hasSize(2);
  }

  @Test
  void aBadDateOrAnUnconfiguredFeedIsABadRequestThatSaysWhy() throws Exception {
    HttpResponse<String> badDate = cp.http().get(ROUTE + "?start=yesterday");
    assertThat(badDate.statusCode()).isEqualTo(400);
    assertThat(badDate.body()).contains("start 'yesterday' is not a date YYYY-MM-DD");
    HttpResponse<String> reversed = cp.http().get(ROUTE + "?start=2026-01-03&end=2026-01-01");
    assertThat(reversed.statusCode()).isEqualTo(400);
    assertThat(reversed.body()).contains("end 2026-01-01 is before start 2026-01-03");
    HttpResponse<String> other =
        cp.http().get("/reports/backfill/feeds/binance/DOGEUSDT/candle/1m/gaps");
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(other.body()).contains("feed binance/DOGEUSDT/candle/1m is not configured");
  }

  private static IndexEntry entry(String date, long records) {
    return new IndexEntry(
        FEED + "/" + date + ".parquet",
        date,
        records,
        1000,
        "cd".repeat(32),
        date + "T00:00:00Z",
        date + "T23:59:00Z",
        1);
  }
}
