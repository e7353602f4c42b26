package io.backtide.control.backfill;

import static io.backtide.control.backfill.BackfillRoutesTest.body;
import static io.backtide.control.backfill.BackfillRoutesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.BackfillChunk;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BulkJob;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bulk routes on a real server and database, with a launcher that starts nothing. */
class BulkRoutesTest {
  private static final FeedKey BTC = FeedKey.parse("sim/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("sim/ETHUSDT/candle/1m");
  private static final Instant D1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant D2 = Instant.parse("2026-01-02T00:00:00Z");
  private static final Instant D3 = Instant.parse("2026-01-03T00:00:00Z");
  private static RunningControlPlane cp;
  private static RecordingLauncher launcher;

  @BeforeAll
  static void start() {
    launcher = new RecordingLauncher();
    // Recovery passes every second: a bulk job whose process is gone is relaunched at once.
    cp = RunningControlPlane.builder().launcher(s -> launcher).env("RECOVERY_EVERY", "1s").start();
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @AfterEach
  void clearJobs() {
    cp.database().execute("DELETE FROM backfill_jobs");
  }

  static String bulkBody(String start, String end, String... feeds) {
    return """
        {"feeds": ["%s"], "start": "%s", "end": "%s", "chunk_days": 1, "wave_chunks": 2}"""
        .formatted(String.join("\", \"", feeds), start, end);
  }

  private static void assertRefused(String body, int status, String detail) throws Exception {
    var r = cp.http().post("/reports/backfill/bulk", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("error").asText()).isEqualTo("invalid_request");
    assertThat(json(r).get("detail").asText()).contains(detail);
  }

  private UUID submit(String body) throws Exception {
    var r = cp.http().post("/reports/backfill/bulk", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return UUID.fromString(json(r).get("job").get("id").asText());
  }

  @Test
  void postCreatesOnePendingJobAndLaunchesItAsABulkJobWithItsFeeds() throws Exception {
    var r =
        cp.http()
            .post(
                "/reports/backfill/bulk",
                bulkBody("2026-01-01", "2026-01-03", ETH.toString(), BTC.toString()));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode bulk = json(r);
    UUID id = UUID.fromString(bulk.get("job").get("id").asText());
    assertThat(bulk.get("job").get("status").asText()).isEqualTo("pending");
    assertThat(bulk.get("job").get("feed").asText()).isEqualTo(ETH.toString());
    assertThat(bulk.get("job").get("end_ts").asText()).isEqualTo("2026-01-03T00:00:00Z");
    assertThat(bulk.get("feeds"))
        .extracting(JsonNode::asText)
        .containsExactly(ETH.toString(), BTC.toString());
    assertThat(bulk.get("chunk_days").asInt()).isEqualTo(1);
    assertThat(bulk.get("wave_chunks").asInt()).isEqualTo(2);
    assertThat(bulk.get("chunks_total").asInt()).isZero();
    assertThat(launcher.bulkLaunched()).last().isEqualTo(new BulkJob(id, List.of(ETH, BTC), 1, 2));

    JsonNode listed = json(cp.http().get("/reports/backfill/bulk"));
    assertThat(listed)
        .extracting(b -> b.get("job").get("id").asText())
        .containsExactly(id.toString());
    JsonNode asJob = json(cp.http().get("/reports/backfill/jobs/" + id));
    assertThat(asJob.get("status").asText()).isEqualTo("pending");
  }

  @Test
  void defaultsAreAWeekPerChunkAndFourChunksPerCommit() throws Exception {
    UUID id =
        submit(
            """
            {"feeds": ["%s"], "start": "2025-01-01", "end": "2026-01-01"}"""
                .formatted(BTC));

    JsonNode bulk = json(cp.http().get("/reports/backfill/bulk/" + id));
    assertThat(bulk.get("chunk_days").asInt()).isEqualTo(7);
    assertThat(bulk.get("wave_chunks").asInt()).isEqualTo(4);
    assertThat(bulk.get("feeds")).extracting(JsonNode::asText).containsExactly(BTC.toString());
  }

  @Test
  void aBulkJobIsTheOneActiveJobForSingleAndBulkRequestsAlike() throws Exception {
    UUID id = submit(bulkBody("2026-01-01", "2026-01-03", BTC.toString(), ETH.toString()));

    var single =
        cp.http().post("/reports/backfill", body(BTC.toString(), "2026-01-01", "2026-01-02"));
    var bulk =
        cp.http()
            .post("/reports/backfill/bulk", bulkBody("2026-01-01", "2026-01-02", ETH.toString()));

    assertThat(single.statusCode()).as(single.body()).isEqualTo(409);
    assertThat(single.body()).contains(id.toString());
    assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(409);
    assertThat(bulk.body()).contains(id.toString());
    assertThat(json(cp.http().get("/reports/backfill/jobs"))).hasSize(1);
  }

  @Test
  void badRequestsAreRefusedNamingWhatIsAccepted() throws Exception {
    assertRefused(
        "{\"feeds\": \"sim/BTCUSDT/candle/1m\", \"start\": \"2026-01-01\", \"end\": \"2026-01-02\"}",
        400,
        "field feeds is \"sim/BTCUSDT/candle/1m\": expected a non-empty array");
    assertRefused(
        "{\"feeds\": [], \"start\": \"2026-01-01\", \"end\": \"2026-01-02\"}",
        400,
        "non-empty array");
    assertRefused(
        bulkBody("2026-01-01", "2026-01-02", "sim/DOGEUSDT/candle/1m"),
        400,
        "feed sim/DOGEUSDT/candle/1m is not configured: the configured feeds are");
    assertRefused(
        bulkBody("2026-01-01", "2026-01-02", BTC.toString(), BTC.toString()),
        400,
        "names " + BTC + " twice");
    assertRefused(
        bulkBody("2026-01-02", "2026-01-01", BTC.toString()), 400, "the end is exclusive");
    assertRefused(
        "{\"feeds\": [\""
            + BTC
            + "\"], \"start\": \"2026-01-01\", \"end\": \"2026-01-02\", \"chunk_days\": 0}",
        400,
        "field chunk_days is 0: expected an integer in 1..366");
    assertRefused(
        "{\"feeds\": [\""
            + BTC
            + "\"], \"start\": \"2026-01-01\", \"end\": \"2026-01-02\", \"wave_chunks\": 1.5}",
        400,
        "field wave_chunks is 1.5: expected an integer in 1..1000");
    assertRefused(
        "{\"feeds\": [\"" + BTC + "\"], \"start\": \"2026-01-01\"}", 400, "missing field(s) end");
    assertRefused(
        "{\"feeds\": [\""
            + BTC
            + "\"], \"start\": \"2026-01-01\", \"end\": \"2026-01-02\", \"refresh\": true}",
        400,
        "unknown field(s) refresh: the accepted fields are feeds, start, end, chunk_days, wave_chunks");
    assertThat(json(cp.http().get("/reports/backfill/jobs"))).isEmpty();
    assertThat(launcher.bulkLaunched())
        .noneMatch(b -> b.feeds().size() == 2 && b.feeds().get(0).equals(b.feeds().get(1)));
  }

  @Test
  void unknownIdsAndSingleJobsAreNotBulkJobs() throws Exception {
    var single =
        cp.http().post("/reports/backfill", body(BTC.toString(), "2026-01-01", "2026-01-02"));
    String singleId = json(single).get("id").asText();

    var notBulk = cp.http().get("/reports/backfill/bulk/" + singleId);
    var unknown = cp.http().get("/reports/backfill/bulk/" + UUID.randomUUID());
    var malformed = cp.http().get("/reports/backfill/bulk/nope");

    assertThat(notBulk.statusCode()).isEqualTo(404);
    assertThat(json(notBulk).get("detail").asText())
        .contains("no bulk backfill job with id '" + singleId);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(malformed.statusCode()).isEqualTo(404);
    assertThat(json(cp.http().get("/reports/backfill/bulk"))).isEmpty();
  }

  @Test
  void chunkCountsAndStatesFollowTheChunkRowsAndAnInterruptedChunkIsPendingAgain()
      throws Exception {
    UUID id = submit(bulkBody("2026-01-01", "2026-01-03", BTC.toString(), ETH.toString()));
    BackfillChunkRepository chunks =
        new BackfillChunkRepository(cp.database().dataSource(), Clock.systemUTC());
    BackfillChunk b1 = BackfillChunk.planned(id, BTC, new TimeRange(D1, D2));
    BackfillChunk b2 = BackfillChunk.planned(id, BTC, new TimeRange(D2, D3));
    BackfillChunk e1 = BackfillChunk.planned(id, ETH, new TimeRange(D1, D2));
    BackfillChunk e2 = BackfillChunk.planned(id, ETH, new TimeRange(D2, D3));
    chunks.plan(List.of(b1, b2, e1, e2));
    cp.jobs().markRunning(id);
    chunks.markRunning(List.of(b1, b2));
    chunks.markDone(
        List.of(new BackfillChunk(id, BTC, b1.range(), false, 1440, 2, OptionalLong.empty())), 1);
    chunks.markFailed(
        e1,
        "sim/ETHUSDT/candle/1m chunk 2026-01-01T00:00:00Z to 2026-01-02T00:00:00Z failed at cursor 2026-01-01T00:00:00Z: boom");

    JsonNode running = json(cp.http().get("/reports/backfill/bulk/" + id));
    assertThat(running.get("chunks_total").asInt()).isEqualTo(4);
    assertThat(running.get("chunks_done").asInt()).isEqualTo(1);
    assertThat(running.get("chunks_running").asInt()).isEqualTo(1);
    assertThat(running.get("chunks_failed").asInt()).isEqualTo(1);
    assertThat(running.get("chunks_pending").asInt()).isEqualTo(1);
    JsonNode first = running.get("chunks").get(0);
    assertThat(first.get("feed").asText()).isEqualTo(BTC.toString());
    assertThat(first.get("start_ts").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(first.get("end_ts").asText()).isEqualTo("2026-01-02T00:00:00Z");
    assertThat(first.get("state").asText()).isEqualTo("done");
    assertThat(first.get("records_written").asLong()).isEqualTo(1440);
    assertThat(first.get("pages_fetched").asLong()).isEqualTo(2);
    assertThat(running.get("chunks").get(2).get("error").asText())
        .endsWith("failed at cursor 2026-01-01T00:00:00Z: boom");

    cp.jobs().fail(id, "the process died");
    JsonNode failed = json(cp.http().get("/reports/backfill/bulk/" + id));
    assertThat(failed.get("chunks_running").asInt()).isZero();
    assertThat(failed.get("chunks_pending").asInt()).isEqualTo(2);
    assertThat(failed.get("job").get("error").asText()).isEqualTo("the process died");
  }

  @Test
  void cancelAndResumeOfABulkJobGoThroughTheJobRoutesAndRelaunchItAsABulkJob() throws Exception {
    UUID id = submit(bulkBody("2026-01-01", "2026-01-03", BTC.toString(), ETH.toString()));
    cp.jobs().markRunning(id);

    var cancel = cp.http().post("/reports/backfill/jobs/" + id + "/cancel", "");
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
    assertThat(json(cancel).get("cancel_requested").asBoolean()).isTrue();
    cp.jobs().cancel(id); // what the job does at the end of its wave
    int launches = launcher.bulkLaunched().size();

    var resume = cp.http().post("/reports/backfill/jobs/" + id + "/resume", "");

    assertThat(resume.statusCode()).as(resume.body()).isEqualTo(200);
    assertThat(json(resume).get("attempt").asInt()).isEqualTo(2);
    assertThat(launcher.bulkLaunched()).hasSize(launches + 1);
    assertThat(launcher.bulkLaunched().get(launches))
        .isEqualTo(new BulkJob(id, List.of(BTC, ETH), 1, 2));
    assertThat(launcher.launched().get(launcher.launched().size() - 1).attempt()).isEqualTo(2);
  }

  @Test
  void recoveryRelaunchesABulkJobWhoseProcessIsGoneAsABulkJob() throws Exception {
    UUID id = submit(bulkBody("2026-01-01", "2026-01-03", ETH.toString(), BTC.toString()));
    cp.jobs().markRunning(id);
    int launches = launcher.bulkLaunched().size();

    launcher.setState(id, ProcessState.GONE);

    Instant deadline = Instant.now().plusSeconds(30);
    while (launcher.bulkLaunched().size() == launches && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertThat(launcher.bulkLaunched()).hasSize(launches + 1);
    assertThat(launcher.bulkLaunched().get(launches))
        .isEqualTo(new BulkJob(id, List.of(ETH, BTC), 1, 2));
    assertThat(cp.jobs().findById(id).orElseThrow().attempt()).isEqualTo(2);
  }
}
