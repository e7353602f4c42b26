package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.Granularity;
import io.backtide.core.Sha256;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobstore.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with real parts: the control plane launches the real Spark job as a child JVM
 * against a fake Binance on loopback, the job writes to a real PostgreSQL, and the files come back
 * over HTTP.
 */
class BackfillEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FEED = "binance/BTCUSDT/candle/1m";
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-01-04T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static FakeBinance exchange;

  @BeforeAll
  static void exchange() {
    exchange =
        FakeBinance.start()
            .candles("BTCUSDT", "1m", TestCandles.range(START, END, Granularity.M1, 0));
  }

  @AfterAll
  static void stop() {
    exchange.close();
  }

  private static RunningControlPlane.Builder controlPlane() {
    return RunningControlPlane.builder().binanceBaseUrl(exchange.url().toString());
  }

  private static String body(String start, String end) {
    return """
        {"source": "binance", "subject": "BTCUSDT", "kind": "candle", "granularity": "1m",
         "start": "%s", "end": "%s"}"""
        .formatted(start, end);
  }

  @Test
  void threeDayBackfillCompletesAndEveryPublishedFileDownloadsIntact() throws Exception {
    try (RunningControlPlane cp = controlPlane().start()) {
      var created = cp.http().post("/reports/backfill", body("2026-01-01", "2026-01-04"));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = JSON.readTree(created.body()).get("id").asText();

      List<Double> progress = new ArrayList<>();
      JsonNode job = waitUntilFinished(cp, id, progress);

      assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
      assertThat(job.get("records_written").asLong()).isEqualTo(3 * 1440);
      assertThat(progress).isSorted();
      assertThat(progress.get(progress.size() - 1)).isEqualTo(100.0);
      Path log = cp.dataDir().resolve("logs/" + id + ".log");
      assertThat(Files.readString(log))
          .as("Backtide's lines at INFO, Spark's at WARN: not SparkContext's INFO start-up line")
          .contains(": committed ")
          .doesNotContain("Running Spark version");

      JsonNode files = JSON.readTree(cp.http().get("/data/backfill/index").body()).get("files");
      assertThat(files)
          .extracting(f -> f.get("path").asText())
          .containsExactlyInAnyOrder(
              FEED + "/2026-01-01.parquet",
              FEED + "/2026-01-02.parquet",
              FEED + "/2026-01-03.parquet");
      for (JsonNode f : files) {
        byte[] bytes = cp.http().getBytes("/data/backfill/" + f.get("path").asText()).body();
        assertThat(Sha256.of(bytes)).as(f.get("path").asText()).isEqualTo(f.get("sha256").asText());
        assertThat(rowCount(bytes)).isEqualTo(1440).isEqualTo(f.get("records").asLong());
      }
      JsonNode feeds = JSON.readTree(cp.http().get("/reports/backfill/feeds").body());
      assertThat(feeds.get(0).get("days").asInt()).isEqualTo(3);
      assertThat(feeds.get(0).get("records").asLong()).isEqualTo(3 * 1440);
    }
  }

  @Test
  void jobLeftRunningWithAnOldHeartbeatIsResumedAndEndsLikeAnUninterruptedRun(
      @TempDir Path reference, @TempDir Path interrupted) throws Exception {
    try (RunningControlPlane cp = controlPlane().dataDir(reference).start()) {
      String id =
          JSON.readTree(
                  cp.http().post("/reports/backfill", body("2026-01-01", "2026-01-04")).body())
              .get("id")
              .asText();
      assertThat(waitUntilFinished(cp, id, new ArrayList<>()).get("status").asText())
          .isEqualTo("completed");
    }
    try (TestDatabase db = TestDatabase.create()) {
      // The first day was committed by the crashed run (as a completed one-day job here).
      try (RunningControlPlane cp = controlPlane().database(db).dataDir(interrupted).start()) {
        String day1 =
            JSON.readTree(
                    cp.http().post("/reports/backfill", body("2026-01-01", "2026-01-02")).body())
                .get("id")
                .asText();
        assertThat(waitUntilFinished(cp, day1, new ArrayList<>()).get("status").asText())
            .isEqualTo("completed");
      }
      UUID crashed = UUID.randomUUID();
      db.execute(
          """
          INSERT INTO backfill_jobs (id, source, subject, kind, granularity, start_ts, end_ts,
              cursor_ts, records_written, pages_fetched, status, attempt, heartbeat_at, created_at,
              updated_at)
          VALUES ('%s', 'binance', 'BTCUSDT', 'candle', '1m', '2026-01-01T00:00:00Z',
              '2026-01-04T00:00:00Z', '2026-01-02T00:00:00Z', 1440, 2, 'running', 1,
              now() - interval '10 minutes', now() - interval '20 minutes',
              now() - interval '10 minutes')
          """
              .formatted(crashed));

      try (RunningControlPlane cp = controlPlane().database(db).dataDir(interrupted).start()) {
        JsonNode job = waitUntilFinished(cp, crashed.toString(), new ArrayList<>());

        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("attempt").asInt()).isEqualTo(2);
        assertThat(publishedDays(interrupted)).isEqualTo(publishedDays(reference));
      }
    }
  }

  private static JsonNode waitUntilFinished(
      RunningControlPlane cp, String id, List<Double> progress) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      JsonNode job = JSON.readTree(cp.http().get("/reports/backfill/jobs/" + id).body());
      progress.add(job.get("progress_pct").asDouble());
      String status = job.get("status").asText();
      if (!status.equals("pending") && !status.equals("running")) {
        if (!status.equals("completed")) {
          Path log = cp.dataDir().resolve("logs/" + id + ".log");
          System.err.println(
              "job "
                  + id
                  + " "
                  + status
                  + "; its log:\n"
                  + (Files.exists(log) ? Files.readString(log) : "(none)"));
        }
        return job;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "job "
            + id
            + " did not finish within "
            + TIMEOUT
            + "; see its log in "
            + cp.dataDir().resolve("logs"));
  }

  /** Each published day as (path, records, first_ts, last_ts, sha256 of the rows' file). */
  private static List<String> publishedDays(Path dataDir) throws Exception {
    JsonNode files =
        JSON.readTree(dataDir.resolve("published/" + FEED + "/_index.json").toFile()).get("files");
    List<String> days = new ArrayList<>();
    for (JsonNode f : files) {
      byte[] bytes =
          Files.readAllBytes(dataDir.resolve("published").resolve(f.get("path").asText()));
      days.add(
          String.join(
              " ",
              f.get("path").asText(),
              f.get("records").asText(),
              f.get("first_ts").asText(),
              f.get("last_ts").asText(),
              String.valueOf(rowCount(bytes))));
    }
    days.sort(null);
    return days;
  }

  private static long rowCount(byte[] parquet) throws Exception {
    Path tmp = Files.createTempFile("day", ".parquet");
    try {
      Files.write(tmp, parquet);
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(tmp))) {
        return reader.getRecordCount();
      }
    } finally {
      Files.delete(tmp);
    }
  }
}
