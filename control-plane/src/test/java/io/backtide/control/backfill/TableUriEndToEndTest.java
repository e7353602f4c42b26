package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RunningControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TABLE_URI} through the REST API with a real job: the control plane passes it to a bulk job
 * as {@code --table-uri} (here a {@code file:} URI outside the data folder, as {@code s3a://} would
 * be; the object-storage run itself is spark-jobs' BulkBackfillOnObjectStorageTest), the Delta
 * table is written there and the published files are served as usual. Single-feed jobs, which
 * commit days as local files, are refused with what to do instead.
 */
class TableUriEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(6);

  @TempDir Path dir;

  @Test
  void bulkJobsWriteTheTableAtTableUriAndSingleFeedJobsAreRefused() throws Exception {
    Path table = dir.resolve("elsewhere/candles");
    String uri = table.toUri().toString();
    try (RunningControlPlane cp = RunningControlPlane.builder().env("TABLE_URI", uri).start()) {
      var single =
          cp.http()
              .post(
                  "/reports/backfill",
                  """
                  {"source": "sim", "subject": "BTCUSDT", "kind": "candle",
                   "granularity": "1m", "start": "2026-01-01", "end": "2026-01-02"}""");
      assertThat(single.statusCode()).as(single.body()).isEqualTo(400);
      assertThat(single.body())
          .contains("TABLE_URI is set", "/reports/backfill/bulk", "sim/BTCUSDT/candle/1m");
      assertThat(cp.jobs().list(10)).as("no job row for a refused request").isEmpty();

      var created =
          cp.http()
              .post(
                  "/reports/backfill/bulk",
                  """
                  {"feeds": ["sim/BTCUSDT/candle/1m"], "start": "2026-01-01",
                   "end": "2026-01-03", "chunk_days": 1}""");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = JSON.readTree(created.body()).get("job").get("id").asText();
      JsonNode bulk = waitForTheEnd(cp, id);

      String log = Files.readString(cp.dataDir().resolve("logs/" + id + ".log"));
      assertThat(bulk.get("job").get("status").asText()).as(log).isEqualTo("completed");
      assertThat(log).contains("--table-uri " + uri);
      assertThat(table.resolve("_delta_log")).isDirectory();
      assertThat(cp.dataDir().resolve("delta")).as("no table under the data folder").doesNotExist();
      JsonNode files = JSON.readTree(cp.http().get("/data/backfill/index").body()).get("files");
      assertThat(files).hasSize(2).allMatch(f -> f.get("records").asLong() == 1440);
    }
  }

  private static JsonNode waitForTheEnd(RunningControlPlane cp, String id) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      JsonNode bulk = JSON.readTree(cp.http().get("/reports/backfill/bulk/" + id).body());
      String status = bulk.get("job").get("status").asText();
      if (!status.equals("pending") && !status.equals("running")) {
        return bulk;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("bulk job " + id + " did not end within " + TIMEOUT);
  }
}
