package io.backtide.control.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The index and the daily files over real HTTP. */
class DataRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FEED = "binance/BTCUSDT/candle/1m";
  private static final String FEED_INDEX = FEED + "/_index.json";
  private static final String DAY1 = "binance/BTCUSDT/candle/1m/2026-01-01.parquet";
  private static final String DAY2 = "binance/BTCUSDT/candle/1m/2026-01-02.parquet";
  private static RunningControlPlane cp;
  private static Path published;
  private static byte[] day1;

  @BeforeAll
  static void start() throws Exception {
    cp = RunningControlPlane.builder().launcher(s -> new RecordingLauncher()).start();
    published = cp.dataDir().resolve("published");
    day1 = new byte[300_000];
    for (int i = 0; i < day1.length; i++) {
      day1[i] = (byte) (i * 31);
    }
    write(DAY1, day1);
    write(DAY2, "second day".getBytes(StandardCharsets.UTF_8));
    writeIndex(
        entry(DAY1, "2026-01-01", 1440, day1, "2026-01-01T00:00:00Z", "2026-01-01T23:59:00Z"),
        entry(
            DAY2,
            "2026-01-02",
            720,
            "second day".getBytes(StandardCharsets.UTF_8),
            "2026-01-02T00:00:00Z",
            "2026-01-02T11:59:00Z"));
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @Test
  void indexListsTheFeedsEntriesAsWrittenWithTheShaOfItsBytesAsEtag() throws Exception {
    JsonNode onDisk = JSON.readTree(published.resolve(FEED_INDEX).toFile());
    var r = cp.http().getBytes("/data/backfill/index");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("files")).isEqualTo(onDisk.get("files"));
    assertThat(body.get("generated_at")).isEqualTo(onDisk.get("generated_at"));
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    String etag = r.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isEqualTo("\"" + Sha256.of(r.body()) + "\"");
    assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(r.body().length));
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(cp.http().get("/data/backfill/index", "If-None-Match", etag).statusCode())
        .isEqualTo(304);
  }

  @Test
  void indexIsSentGzippedUnderTheSameEtagWhenTheClientAcceptsGzip() throws Exception {
    byte[] plain = cp.http().getBytes("/data/backfill/index").body();
    var r = cp.http().getBytes("/data/backfill/index", "Accept-Encoding", "gzip, deflate, br");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(r.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(r.body().length));
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + Sha256.of(plain) + "\"");
    try (var in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
    var refused = cp.http().getBytes("/data/backfill/index", "Accept-Encoding", "gzip;q=0, br");
    assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(refused.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(plain.length));
    assertThat(refused.body()).isEqualTo(plain);
  }

  @Test
  void gzipIsChosenOnlyWhenAcceptEncodingListsItWithoutQZero() {
    assertThat(DataRoutes.acceptsGzip("gzip")).isTrue();
    assertThat(DataRoutes.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
    assertThat(DataRoutes.acceptsGzip("x-gzip")).isTrue();
    assertThat(DataRoutes.acceptsGzip(null)).isFalse();
    assertThat(DataRoutes.acceptsGzip("identity, br")).isFalse();
    assertThat(DataRoutes.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(DataRoutes.acceptsGzip("gzip; q=0.000")).isFalse();
  }

  @Test
  void indexIsReloadedWhenTheFeedsFileIsReplaced() throws Exception {
    String before = Files.readString(published.resolve(FEED_INDEX));
    Path tmp = published.resolve(FEED_INDEX + ".tmp");
    Files.writeString(tmp, before.replace("\"table_version\":3", "\"table_version\":4"));
    Files.move(
        tmp,
        published.resolve(FEED_INDEX),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);

    JsonNode after = JSON.readTree(cp.http().get("/data/backfill/index").body());

    assertThat(after.get("files").get(0).get("table_version").asLong()).isEqualTo(4);
  }

  @Test
  void fileIsStreamedWithLengthAndShaEtagAnd304WhenUnchanged() throws Exception {
    var r = cp.http().getBytes("/data/backfill/" + DAY1);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(day1);
    assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(day1.length));
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + Sha256.of(day1) + "\"");
    var again =
        cp.http()
            .getBytes("/data/backfill/" + DAY1, "If-None-Match", "\"" + Sha256.of(day1) + "\"");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    var changed = cp.http().getBytes("/data/backfill/" + DAY1, "If-None-Match", "\"0000\"");
    assertThat(changed.statusCode()).isEqualTo(200);
  }

  @Test
  void headAnswersTheIndexAndFileHeadersOfGetWithoutABody() throws Exception {
    var index = cp.http().getBytes("/data/backfill/index");
    var indexHead = cp.http().head("/data/backfill/index");
    var fileHead = cp.http().head("/data/backfill/" + DAY1);

    assertThat(indexHead.statusCode()).isEqualTo(200);
    assertThat(indexHead.body()).isEmpty();
    for (String name : List.of("ETag", "Content-Length", "Content-Type")) {
      assertThat(indexHead.headers().firstValue(name))
          .as(name)
          .isEqualTo(index.headers().firstValue(name));
    }
    assertThat(fileHead.statusCode()).isEqualTo(200);
    assertThat(fileHead.body()).isEmpty();
    assertThat(fileHead.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(day1.length));
    assertThat(fileHead.headers().firstValue("ETag")).hasValue("\"" + Sha256.of(day1) + "\"");
    assertThat(fileHead.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.apache.parquet");
    String etag = fileHead.headers().firstValue("ETag").orElseThrow();
    assertThat(cp.http().head("/data/backfill/" + DAY1, "If-None-Match", etag).statusCode())
        .isEqualTo(304);
    assertThat(cp.http().head("/data/backfill/" + FEED + "/2025-01-01.parquet").statusCode())
        .isEqualTo(404);
  }

  @Test
  void feedsReportWhatTheIndexHolds() throws Exception {
    JsonNode feeds = JSON.readTree(cp.http().get("/reports/backfill/feeds").body());
    JsonNode btc = feeds.get(0);

    assertThat(btc.get("feed").asText()).isEqualTo("binance/BTCUSDT/candle/1m");
    assertThat(btc.get("days").asInt()).isEqualTo(2);
    assertThat(btc.get("records").asLong()).isEqualTo(2160);
    assertThat(btc.get("first_ts").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(btc.get("last_ts").asText()).isEqualTo("2026-01-02T11:59:00Z");
    assertThat(feeds.get(1).get("days").asInt()).isZero();
  }

  @Test
  void unreadableIndexKeepsTheLastGoodOne() throws Exception {
    Path dir = Files.createTempDirectory("index");
    Files.createDirectories(dir.resolve(FEED_INDEX).getParent());
    Files.copy(published.resolve(FEED_INDEX), dir.resolve(FEED_INDEX));
    PublishedIndex index = new PublishedIndex(dir);
    assertThat(paths(index)).hasSize(2);

    Files.writeString(dir.resolve(FEED_INDEX), "{\"files\": [");

    assertThat(paths(index)).containsExactly(DAY1, DAY2);
    assertThat(index.entry(FeedKey.parse(FEED), LocalDate.parse("2026-01-02")))
        .map(IndexEntry::records)
        .hasValue(720L);
  }

  private static void write(String relative, byte[] bytes) throws IOException {
    Path file = published.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private static String entry(
      String path, String date, long records, byte[] bytes, String first, String last)
      throws Exception {
    return """
        {"path":"%s","date":"%s","records":%d,"size_bytes":%d,"sha256":"%s","first_ts":"%s","last_ts":"%s","table_version":3}"""
        .formatted(path, date, records, bytes.length, Sha256.of(bytes), first, last);
  }

  private static List<String> paths(PublishedIndex index) throws IOException {
    List<String> paths = new ArrayList<>();
    try (var in = index.answer(IndexQuery.EVERYTHING).jsonStream()) {
      JSON.readTree(in).get("files").forEach(f -> paths.add(f.get("path").asText()));
    }
    return paths;
  }

  private static void writeIndex(String... entries) throws IOException {
    Files.writeString(
        published.resolve(FEED_INDEX),
        "{\"generated_at\":\"2026-01-03T00:00:00Z\",\"files\":["
            + String.join(",", entries)
            + "]}");
  }
}
