package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.Granularity;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.TestCandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk backfills through the REST API with real parts: the control plane launches the real
 * BulkBackfillApp as a child JVM ({@code local[*]}: two cores here) against a fake Binance on
 * loopback, chunk progress comes from a real PostgreSQL, the files back over HTTP.
 */
class BulkBackfillEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BTC = "binance/BTCUSDT/candle/1m";
  private static final String ETH = "binance/ETHUSDT/candle/1m";
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-01-05T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  private static FakeBinance exchange;

  @BeforeAll
  static void exchange() {
    exchange =
        FakeBinance.start()
            .candles("BTCUSDT", "1m", TestCandles.range(START, END, Granularity.M1, 0))
            .candles("ETHUSDT", "1m", TestCandles.range(START, END, Granularity.M1, 7));
  }

  @AfterAll
  static void stop() {
    exchange.close();
  }

  private static RunningControlPlane controlPlane() {
    return RunningControlPlane.builder().binanceBaseUrl(exchange.url().toString()).start();
  }

  private static String body(int waveChunks) {
    return """
        {"feeds": ["%s", "%s"], "start": "2026-01-01", "end": "2026-01-05",
         "chunk_days": 1, "wave_chunks": %d}"""
        .formatted(BTC, ETH, waveChunks);
  }

  @Test
  void twoFeedsInDailyChunksCompleteAsOneJobAndEveryDayIsServed() throws Exception {
    try (RunningControlPlane cp = controlPlane()) {
      var created = cp.http().post("/reports/backfill/bulk", body(2));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = JSON.readTree(created.body()).get("job").get("id").asText();
      var single =
          cp.http()
              .post(
                  "/reports/backfill",
                  """
                  {"source": "binance", "subject": "BTCUSDT", "kind": "candle",
                   "granularity": "1m", "start": "2026-01-01", "end": "2026-01-02"}""");
      assertThat(single.statusCode()).as(single.body()).isEqualTo(409);
      assertThat(single.body()).contains(id);

      JsonNode bulk = waitFor(cp, id, b -> !active(b), new ArrayList<>());

      assertThat(bulk.get("job").get("status").asText()).as(bulk.toString()).isEqualTo("completed");
      assertThat(bulk.get("job").get("records_written").asLong()).isEqualTo(8 * 1440);
      assertThat(bulk.get("job").get("progress_pct").asDouble()).isEqualTo(100.0);
      assertThat(bulk.get("chunks_total").asInt()).isEqualTo(8);
      assertThat(bulk.get("chunks_done").asInt()).isEqualTo(8);
      assertThat(bulk.get("chunks"))
          .allSatisfy(
              c -> {
                assertThat(c.get("state").asText()).isEqualTo("done");
                assertThat(c.get("records_written").asLong()).isEqualTo(1440);
                assertThat(c.get("pages_fetched").asLong()).isEqualTo(2);
              });
      JsonNode files = JSON.readTree(cp.http().get("/data/backfill/index").body()).get("files");
      assertThat(files).hasSize(8).allMatch(f -> f.get("records").asLong() == 1440);
      assertThat(files)
          .extracting(f -> f.get("path").asText())
          .contains(BTC + "/2026-01-01.parquet", ETH + "/2026-01-04.parquet");
      JsonNode listed = JSON.readTree(cp.http().get("/reports/backfill/bulk").body());
      assertThat(listed).extracting(b -> b.get("job").get("id").asText()).containsExactly(id);
    }
  }

  @Test
  void cancelledBetweenWavesThenResumedFetchesOnlyWhatIsNotDone() throws Exception {
    exchange.delay(Duration.ofMillis(300));
    try (RunningControlPlane cp = controlPlane()) {
      var created = cp.http().post("/reports/backfill/bulk", body(1));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = JSON.readTree(created.body()).get("job").get("id").asText();
      List<String> seen = new ArrayList<>();

      waitFor(cp, id, b -> b.get("chunks_done").asInt() >= 2 || !active(b), seen);
      var cancel = cp.http().post("/reports/backfill/jobs/" + id + "/cancel", "");
      assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
      JsonNode cancelled = waitFor(cp, id, b -> !active(b), seen);

      assertThat(cancelled.get("job").get("status").asText()).isEqualTo("cancelled");
      int doneBefore = cancelled.get("chunks_done").asInt();
      assertThat(doneBefore).isBetween(2, 7);
      assertThat(cancelled.get("chunks_running").asInt()).isZero();
      assertThat(cancelled.get("chunks_pending").asInt()).isEqualTo(8 - doneBefore);
      assertThat(seen).as("chunk states seen while it ran").contains("running");
      List<String> doneChunks = new ArrayList<>();
      for (JsonNode c : cancelled.get("chunks")) {
        if (c.get("state").asText().equals("done")) {
          doneChunks.add(requestOf(c));
        }
      }
      int requestsBefore = exchange.requests().size();

      // Right after the cancel the job's process may still be stopping Spark: the launcher waits.
      var resume = cp.http().post("/reports/backfill/jobs/" + id + "/resume", "");
      assertThat(resume.statusCode()).as(resume.body()).isEqualTo(200);
      JsonNode done = waitFor(cp, id, b -> !active(b), seen);

      assertThat(done.get("job").get("status").asText()).as(done.toString()).isEqualTo("completed");
      assertThat(done.get("job").get("attempt").asInt()).isEqualTo(2);
      assertThat(done.get("chunks_done").asInt()).isEqualTo(8);
      assertThat(done.get("job").get("records_written").asLong()).isEqualTo(8 * 1440);
      List<String> afterResume =
          exchange.requests().subList(requestsBefore, exchange.requests().size());
      assertThat(afterResume)
          .filteredOn(r -> r.startsWith("/api/v3/klines?"))
          .hasSize(2 * (8 - doneBefore));
      assertThat(afterResume)
          .as("each pending chunk's day asked of the archive first (the fake has none: 404)")
          .filteredOn(r -> r.startsWith("/data/spot/daily/klines/"))
          .hasSize(8 - doneBefore)
          .allMatch(r -> r.contains(".zip.CHECKSUM"));
      for (String chunk : doneChunks) {
        assertThat(afterResume).noneMatch(r -> r.contains(chunk));
      }
      JsonNode files = JSON.readTree(cp.http().get("/data/backfill/index").body()).get("files");
      assertThat(files).hasSize(8).allMatch(f -> f.get("records").asLong() == 1440);
    } finally {
      exchange.delay(Duration.ZERO);
    }
  }

  private static boolean active(JsonNode bulk) {
    String status = bulk.get("job").get("status").asText();
    return status.equals("pending") || status.equals("running");
  }

  /** The query fragment of a chunk's first request: its symbol and its start in milliseconds. */
  private static String requestOf(JsonNode chunk) {
    String symbol = chunk.get("feed").asText().split("/")[1];
    long start = Instant.parse(chunk.get("start_ts").asText()).toEpochMilli();
    return "symbol=" + symbol + "&interval=1m&startTime=" + start + "&";
  }

  private static JsonNode waitFor(
      RunningControlPlane cp, String id, Predicate<JsonNode> until, List<String> states)
      throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      JsonNode bulk = JSON.readTree(cp.http().get("/reports/backfill/bulk/" + id).body());
      bulk.get("chunks").forEach(c -> states.add(c.get("state").asText()));
      if (until.test(bulk)) {
        if (!active(bulk) && !bulk.get("job").get("status").asText().equals("completed")) {
          Path log = cp.dataDir().resolve("logs/" + id + ".log");
          System.err.println(
              "bulk job "
                  + id
                  + ": "
                  + bulk
                  + "\n"
                  + (Files.exists(log) ? Files.readString(log) : ""));
        }
        return bulk;
      }
      Thread.sleep(300);
    }
    throw new AssertionError(
        "bulk job " + id + " did not get there within " + TIMEOUT + "; see " + cp.dataDir());
  }
}
