package io.backtide.control.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-feed indexes behind {@code GET /data/backfill/index}, its filters, and the old single index
 * as the fallback for feeds without their own, over real HTTP.
 */
class IndexFilterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BTC = "binance/BTCUSDT/candle/1m";
  private static final String BTC_1H = "binance/BTCUSDT/candle/1h";
  private static final String ETH = "binance/ETHUSDT/candle/1m";
  private static final String SIM = "sim/SIM1/candle/1m";
  private static final String OLD_ONLY = "binance/SOLUSDT/candle/1m";

  /** Tests that change feeds use this source, so the other tests' answers stay fixed. */
  private static final String CHANGING = "other";

  private static RunningControlPlane cp;
  private static Path published;

  @BeforeAll
  static void start() throws Exception {
    cp = RunningControlPlane.builder().launcher(s -> new RecordingLauncher()).start();
    published = cp.dataDir().resolve("published");
    writeFeedIndex(BTC, "2026-01-05T00:00:00Z", days(BTC, "2026-01-01", 4));
    writeFeedIndex(BTC_1H, "2026-01-06T00:00:00Z", days(BTC_1H, "2026-01-01", 2));
    writeFeedIndex(ETH, "2026-01-04T00:00:00Z", days(ETH, "2026-01-02", 2));
    writeFeedIndex(SIM, "2026-01-03T00:00:00Z", days(SIM, "2026-01-01", 1));
    // The old single index: SOL has no index of its own; its BTC entries are older than BTC's own.
    List<String> old = new ArrayList<>(days(OLD_ONLY, "2026-01-01", 2));
    old.addAll(days(BTC, "2025-12-01", 1));
    write("_index.json", index("2026-01-02T00:00:00Z", old));
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @Test
  void fullIndexMergesEveryFeedsIndexInPathOrderWithTheLatestGeneratedAt() throws Exception {
    JsonNode body = get("");

    assertThat(paths(body)).isSorted();
    assertThat(paths(body).stream().filter(p -> !p.startsWith(CHANGING + "/")))
        .containsExactly(
            BTC_1H + "/2026-01-01.parquet",
            BTC_1H + "/2026-01-02.parquet",
            BTC + "/2026-01-01.parquet",
            BTC + "/2026-01-02.parquet",
            BTC + "/2026-01-03.parquet",
            BTC + "/2026-01-04.parquet",
            ETH + "/2026-01-02.parquet",
            ETH + "/2026-01-03.parquet",
            OLD_ONLY + "/2026-01-01.parquet",
            OLD_ONLY + "/2026-01-02.parquet",
            SIM + "/2026-01-01.parquet");
    assertThat(body.get("generated_at").asText()).isEqualTo("2026-01-06T00:00:00Z");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "source=sim; " + SIM + "/2026-01-01",
        "subject=ETHUSDT; " + ETH + "/2026-01-02 " + ETH + "/2026-01-03",
        "granularity=1h; " + BTC_1H + "/2026-01-01 " + BTC_1H + "/2026-01-02",
        "kind=tick; ''",
        "source=binance&subject=BTCUSDT&kind=candle&granularity=1m&start=2026-01-02&end=2026-01-04;"
            + BTC
            + "/2026-01-02 "
            + BTC
            + "/2026-01-03",
        "source=binance&subject=BTCUSDT&kind=candle&granularity=1m&start=2026-01-02T12:00:00Z"
            + "&end=2026-01-04T00:00:01Z; "
            + BTC
            + "/2026-01-02 "
            + BTC
            + "/2026-01-03 "
            + BTC
            + "/2026-01-04",
        "subject=BTCUSDT&granularity=1m&end=2026-01-02; " + BTC + "/2026-01-01",
        "start=2026-01-03&granularity=1m&source=binance; "
            + BTC
            + "/2026-01-03 "
            + BTC
            + "/2026-01-04 "
            + ETH
            + "/2026-01-03",
        "source=binance&subject=SOLUSDT&kind=candle&granularity=1m&start=2026-01-02; "
            + OLD_ONLY
            + "/2026-01-02",
        "source=&subject=SOLUSDT&end=; " + OLD_ONLY + "/2026-01-01 " + OLD_ONLY + "/2026-01-02",
      })
  void filterAnswersOnlyTheMatchingDays(String query, String expected) throws Exception {
    List<String> want = new ArrayList<>();
    for (String day : expected.isBlank() ? new String[0] : expected.trim().split(" ")) {
      want.add(day + ".parquet");
    }
    assertThat(paths(get("?" + query))).as(query).containsExactlyElementsOf(want);
  }

  @Test
  void filteredAnswerHasItsOwnEtagAnd304AndChangesWithItsFeedOnly() throws Exception {
    String mine = CHANGING + "/MINE/candle/5m";
    String theirs = CHANGING + "/THEIRS/candle/5m";
    writeFeedIndex(mine, "2026-01-05T00:00:00Z", days(mine, "2026-01-02", 2));
    writeFeedIndex(theirs, "2026-01-05T00:00:00Z", days(theirs, "2026-01-01", 1));
    String q = "/data/backfill/index?source=other&subject=MINE&kind=candle&granularity=5m";
    var first = cp.http().getBytes(q);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isEqualTo("\"" + Sha256.of(first.body()) + "\"");
    assertThat(etag)
        .isNotEqualTo(cp.http().getBytes("/data/backfill/index").headers().firstValue("ETag"));
    assertThat(cp.http().get(q, "If-None-Match", etag).statusCode()).isEqualTo(304);

    writeFeedIndex(theirs, "2026-01-05T01:00:00Z", days(theirs, "2026-01-01", 2));
    assertThat(cp.http().get(q, "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(paths(get("?subject=THEIRS"))).hasSize(2);

    writeFeedIndex(mine, "2026-01-05T02:00:00Z", days(mine, "2026-01-02", 3));
    var changed = cp.http().getBytes(q, "If-None-Match", etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(paths(JSON.readTree(changed.body()))).hasSize(3);
    assertThat(JSON.readTree(changed.body()).get("generated_at").asText())
        .isEqualTo("2026-01-05T02:00:00Z");
  }

  @Test
  void newFeedFolderIsFoundByTheFullIndexAtOnce() throws Exception {
    assertThat(paths(get(""))).isNotEmpty();
    String feed = CHANGING + "/NEWFEED/candle/15m";
    writeFeedIndex(feed, "2026-01-05T00:00:00Z", days(feed, "2026-01-01", 1));

    assertThat(paths(get(""))).contains(feed + "/2026-01-01.parquet");
    assertThat(paths(get("?granularity=15m"))).containsExactly(feed + "/2026-01-01.parquet");
  }

  @Test
  void largeAnswerIsInflatedFromItsGzipWithTheSameBytesAndEtag() throws Exception {
    String feed = CHANGING + "/LARGE/candle/1d";
    writeFeedIndex(feed, "2026-01-05T00:00:00Z", days(feed, "2020-01-01", 2000));
    String q = "/data/backfill/index?subject=LARGE";

    var plain = cp.http().getBytes(q);
    var gzip = cp.http().getBytes(q, "Accept-Encoding", "gzip");

    assertThat(plain.body().length).isGreaterThan(IndexBody.KEEP_JSON_MAX_BYTES);
    assertThat(plain.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(plain.body().length));
    assertThat(paths(JSON.readTree(plain.body()))).hasSize(2000);
    assertThat(plain.headers().firstValue("ETag"))
        .hasValue("\"" + Sha256.of(plain.body()) + "\"")
        .isEqualTo(gzip.headers().firstValue("ETag"));
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "symbol=BTCUSDT; unknown parameter 'symbol'",
        "source=binance&source=sim; parameter 'source' given more than once",
        "kind=bar; unknown feed kind 'bar'",
        "granularity=2m; unknown granularity '2m'",
        "source=Binance; bad source 'Binance'",
        "start=2026-13-01; cannot parse start '2026-13-01'",
        "start=2026-01-02&end=2026-01-02; must be before end",
      })
  void badFilterIsA400NamingTheProblemAndTheForm(String query, String message) {
    var r = cp.http().get("/data/backfill/index?" + query);

    assertThat(r.statusCode()).as(query).isEqualTo(400);
    assertThat(r.body()).contains(message).contains("/data/backfill/index?source=binance");
  }

  @Test
  void oldSingleIndexServesItsFeedsUntilTheyHaveTheirOwn() throws Exception {
    assertThat(paths(get("?subject=BTCUSDT&granularity=1m")))
        .doesNotContain(BTC + "/2025-12-01.parquet");
    write(OLD_ONLY + "/2026-01-01.parquet", "sol".getBytes(StandardCharsets.UTF_8));

    var file = cp.http().getBytes("/data/backfill/" + OLD_ONLY + "/2026-01-01.parquet");

    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("ETag"))
        .hasValue("\"" + sha(OLD_ONLY + "/2026-01-01.parquet") + "\"");
  }

  @Test
  void answerIsNotChangedByUrlEncodingOfTimes() throws Exception {
    String start = URLEncoder.encode("2026-01-03T00:00:00+01:00", StandardCharsets.UTF_8);
    assertThat(paths(get("?subject=BTCUSDT&granularity=1m&start=" + start)))
        .containsExactly(
            BTC + "/2026-01-02.parquet", BTC + "/2026-01-03.parquet", BTC + "/2026-01-04.parquet");
  }

  private static JsonNode get(String query) throws IOException {
    var r = cp.http().get("/data/backfill/index" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> paths(JsonNode index) {
    List<String> paths = new ArrayList<>();
    index.get("files").forEach(f -> paths.add(f.get("path").asText()));
    return paths;
  }

  /** Entries of {@code count} consecutive days; the sha of a day is made up from its path. */
  private static List<String> days(String feed, String first, int count) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String date = LocalDate.parse(first).plusDays(i).toString();
      String path = feed + "/" + date + ".parquet";
      entries.add(
          """
          {"path":"%s","date":"%s","records":24,"size_bytes":3,"sha256":"%s",\
          "first_ts":"%sT00:00:00Z","last_ts":"%sT23:00:00Z","table_version":1}"""
              .formatted(path, date, sha(path), date, date));
    }
    return entries;
  }

  private static String sha(String path) {
    return String.format("%064x", path.hashCode() & 0xffffffffL);
  }

  private static String index(String generatedAt, List<String> entries) {
    return "{\"generated_at\":\"%s\",\"files\":[%s]}"
        .formatted(generatedAt, String.join(",", entries));
  }

  /** Through a temp file and a rename, as the Spark job writes. */
  private static void writeFeedIndex(String feed, String generatedAt, List<String> entries)
      throws IOException {
    write(feed + "/_index.json", index(generatedAt, entries));
  }

  private static void write(String relative, String text) throws IOException {
    write(relative, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(String relative, byte[] bytes) throws IOException {
    Path file = published.resolve(relative);
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
