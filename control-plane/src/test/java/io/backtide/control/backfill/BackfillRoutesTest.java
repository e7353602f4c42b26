package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.jobstore.BackfillJob;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin routes on a real server and database, with a launcher that starts nothing. */
class BackfillRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RunningControlPlane cp;
  private static RecordingLauncher launcher;

  @BeforeAll
  static void start() {
    launcher = new RecordingLauncher();
    cp = RunningControlPlane.builder().launcher(s -> launcher).start();
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @AfterEach
  void clearJobs() {
    cp.database().execute("DELETE FROM backfill_jobs");
  }

  static String body(String feed, String start, String end) {
    String[] p = feed.split("/");
    return """
        {"source": "%s", "subject": "%s", "kind": "%s", "granularity": "%s",
         "start": "%s", "end": "%s"}"""
        .formatted(p[0], p[1], p[2], p[3], start, end);
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void postCreatesPendingJobAndLaunchesIt() throws Exception {
    var r =
        cp.http()
            .post("/reports/backfill", body("sim/BTCUSDT/candle/1m", "2026-01-01", "2026-01-04"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode job = json(r);
    assertThat(job.get("feed").asText()).isEqualTo("sim/BTCUSDT/candle/1m");
    assertThat(job.get("status").asText()).isEqualTo("pending");
    assertThat(job.get("start_ts").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(job.get("end_ts").asText()).isEqualTo("2026-01-04T00:00:00Z");
    assertThat(job.get("cursor_ts").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(job.get("progress_pct").asDouble()).isEqualTo(0.0);
    assertThat(job.get("attempt").asInt()).isEqualTo(1);
    assertThat(job.get("cancel_requested").asBoolean()).isFalse();
    assertThat(job.get("error").isNull()).isTrue();
    assertThat(launcher.launched())
        .extracting(BackfillJob::id)
        .contains(UUID.fromString(job.get("id").asText()));
  }

  @Test
  void jobShowsProgressFromItsCursor() throws Exception {
    var created =
        json(
            cp.http()
                .post(
                    "/reports/backfill",
                    body("sim/ETHUSDT/candle/1m", "2026-01-01", "2026-01-05")));
    UUID id = UUID.fromString(created.get("id").asText());
    cp.jobs().markRunning(id);
    cp.jobs().updateProgress(id, Instant.parse("2026-01-02T00:00:00Z"), 1440, 2);

    JsonNode job = json(cp.http().get("/reports/backfill/jobs/" + id));

    assertThat(job.get("progress_pct").asDouble()).isEqualTo(25.0);
    assertThat(job.get("records_written").asLong()).isEqualTo(1440);
    assertThat(job.get("pages_fetched").asLong()).isEqualTo(2);
    assertThat(job.get("status").asText()).isEqualTo("running");
    assertThat(job.get("heartbeat_at").isNull()).isFalse();

    cp.jobs().complete(id);
    assertThat(json(cp.http().get("/reports/backfill/jobs/" + id)).get("progress_pct").asDouble())
        .isEqualTo(100.0);
  }

  @Test
  void secondBackfillWhileOneIsActiveIsConflictNamingIt() throws Exception {
    var first =
        json(
            cp.http()
                .post(
                    "/reports/backfill",
                    body("sim/BTCUSDT/candle/1m", "2026-01-01", "2026-01-02")));

    var second =
        cp.http()
            .post("/reports/backfill", body("sim/ETHUSDT/candle/1m", "2026-01-01", "2026-01-02"));

    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(json(second).get("error").asText()).isEqualTo("conflict");
    assertThat(json(second).get("detail").asText())
        .contains(first.get("id").asText())
        .contains("pending");
  }

  @Test
  void twoSimultaneousPostsGiveOneCreatedAndOneConflict() throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(2);
    Callable<Integer> post =
        () -> {
          barrier.await();
          return cp.http()
              .post("/reports/backfill", body("sim/BTCUSDT/candle/1m", "2026-01-01", "2026-01-02"))
              .statusCode();
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = pool.invokeAll(List.of(post, post));
      List<Integer> codes = List.of(results.get(0).get(), results.get(1).get());
      assertThat(codes).containsExactlyInAnyOrder(201, 409);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listIsNewestFirstWithStatusFilterAndLimit() throws Exception {
    UUID older =
        UUID.fromString(
            json(cp.http()
                    .post(
                        "/reports/backfill",
                        body("sim/BTCUSDT/candle/1m", "2026-01-01", "2026-01-02")))
                .get("id")
                .asText());
    cp.jobs().markRunning(older);
    cp.jobs().complete(older);
    UUID newer =
        UUID.fromString(
            json(cp.http()
                    .post(
                        "/reports/backfill",
                        body("sim/ETHUSDT/candle/1m", "2026-01-01", "2026-01-02")))
                .get("id")
                .asText());

    JsonNode all = json(cp.http().get("/reports/backfill/jobs"));
    JsonNode completed = json(cp.http().get("/reports/backfill/jobs?status=completed"));
    JsonNode one = json(cp.http().get("/reports/backfill/jobs?limit=1"));

    assertThat(all)
        .extracting(j -> j.get("id").asText())
        .containsExactly(newer.toString(), older.toString());
    assertThat(completed).extracting(j -> j.get("id").asText()).containsExactly(older.toString());
    assertThat(completed.get(0).get("progress_pct").asDouble()).isEqualTo(100.0);
    assertThat(one).extracting(j -> j.get("id").asText()).containsExactly(newer.toString());
  }

  @Test
  void cancellingARunningJobRequestsAStopAndAPendingOneWithoutProcessStopsAtOnce()
      throws Exception {
    UUID running =
        UUID.fromString(
            json(cp.http()
                    .post(
                        "/reports/backfill",
                        body("sim/BTCUSDT/candle/1m", "2026-01-01", "2026-01-02")))
                .get("id")
                .asText());
    cp.jobs().markRunning(running);

    JsonNode asked = json(cp.http().post("/reports/backfill/jobs/" + running + "/cancel", ""));
    assertThat(asked.get("status").asText()).isEqualTo("running");
    assertThat(asked.get("cancel_requested").asBoolean()).isTrue();
    assertThat(cp.jobs().shouldStop(running)).isTrue();
    cp.jobs().cancel(running);

    UUID pending =
        UUID.fromString(
            json(cp.http()
                    .post(
                        "/reports/backfill",
                        body("sim/ETHUSDT/candle/1m", "2026-01-01", "2026-01-02")))
                .get("id")
                .asText());
    launcher.setState(pending, io.backtide.control.backfill.ProcessState.NEVER_STARTED);
    JsonNode cancelled = json(cp.http().post("/reports/backfill/jobs/" + pending + "/cancel", ""));
    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");

    var again = cp.http().post("/reports/backfill/jobs/" + pending + "/cancel", "");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("detail").asText()).contains("is cancelled, not pending or running");
  }

  @Test
  void feedsListsTheConfiguredFeedsWithEmptyHoldings() throws Exception {
    JsonNode feeds = json(cp.http().get("/reports/backfill/feeds"));

    assertThat(feeds)
        .extracting(f -> f.get("feed").asText())
        .containsExactlyElementsOf(RunningControlPlane.DEFAULT_FEEDS);
    JsonNode first = feeds.get(0);
    assertThat(first.get("source").asText()).isEqualTo("binance");
    assertThat(first.get("subject").asText()).isEqualTo("BTCUSDT");
    assertThat(first.get("kind").asText()).isEqualTo("candle");
    assertThat(first.get("granularity").asText()).isEqualTo("1m");
    assertThat(first.get("days").asInt()).isZero();
    assertThat(first.get("records").asLong()).isZero();
    assertThat(first.get("first_ts").isNull()).isTrue();
  }

  @Test
  void launcherThatIsNotReadyGives503AndNoJob() throws Exception {
    RecordingLauncher refusing = new RecordingLauncher();
    refusing.refuse("the Spark job is not built");
    try (var other = RunningControlPlane.builder().launcher(s -> refusing).start()) {
      var r =
          other
              .http()
              .post("/reports/backfill", body("sim/BTCUSDT/candle/1m", "2026-01-01", "2026-01-02"));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(json(r).get("detail").asText()).contains("not built");
      assertThat(other.jobs().list(10)).isEmpty();
    }
  }

  @Test
  void healthReportsDatabaseAndDataFolder() throws Exception {
    var r = cp.http().get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("ok");
    assertThat(json(r).get("db").asText()).isEqualTo("ok");
    assertThat(json(r).get("data").asText()).isEqualTo("ok");
  }
}
