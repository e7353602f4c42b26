package io.backtide.control.backfill;

import static io.backtide.control.backfill.BackfillRoutesTest.body;
import static io.backtide.control.backfill.BackfillRoutesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.JobActivityRepository;
import io.backtide.jobstore.JobPhase;
import io.backtide.jobstore.RetryState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resume, refresh and the activity fields on a real server and database. */
class ResumeAndActivityRoutesTest {
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

  private UUID submit(String feed, String start, String end) throws Exception {
    var r = cp.http().post("/reports/backfill", body(feed, start, end));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return UUID.fromString(json(r).get("id").asText());
  }

  @Test
  void resumeRelaunchesAFailedJobFromItsCursorAsANewAttempt() throws Exception {
    UUID id = submit("sim/BTCUSDT/candle/1m", "2026-01-01", "2026-01-05");
    cp.jobs().markRunning(id);
    cp.jobs().updateProgress(id, Instant.parse("2026-01-03T00:00:00Z"), 2880, 4);
    cp.jobs().fail(id, "GET ... failed after 40 attempt(s) over 15 min: HTTP 500");

    var r = cp.http().post("/reports/backfill/jobs/" + id + "/resume", "");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode job = json(r);
    assertThat(job.get("status").asText()).isEqualTo("pending");
    assertThat(job.get("attempt").asInt()).isEqualTo(2);
    assertThat(job.get("cursor_ts").asText()).isEqualTo("2026-01-03T00:00:00Z");
    assertThat(job.get("records_written").asLong()).isEqualTo(2880);
    assertThat(job.get("error").isNull()).isTrue();
    BackfillJob relaunched = launcher.launched().get(launcher.launched().size() - 1);
    assertThat(relaunched.id()).isEqualTo(id);
    assertThat(relaunched.attempt()).isEqualTo(2);
    assertThat(relaunched.cursor()).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
  }

  @Test
  void resumeIsAConflictWhileAnotherJobIsActiveOrTheJobIsNotFailedOrCancelled() throws Exception {
    UUID failed = submit("sim/BTCUSDT/candle/1m", "2026-01-01", "2026-01-02");
    cp.jobs().fail(failed, "boom");
    UUID active = submit("sim/ETHUSDT/candle/1m", "2026-01-01", "2026-01-02");
    int launches = launcher.launched().size();

    var busy = cp.http().post("/reports/backfill/jobs/" + failed + "/resume", "");
    var running = cp.http().post("/reports/backfill/jobs/" + active + "/resume", "");
    var unknown = cp.http().post("/reports/backfill/jobs/" + UUID.randomUUID() + "/resume", "");

    assertThat(busy.statusCode()).isEqualTo(409);
    assertThat(json(busy).get("detail").asText()).contains("job " + active);
    assertThat(running.statusCode()).isEqualTo(409);
    assertThat(json(running).get("detail").asText())
        .isEqualTo("job " + active + " is pending: only a failed or cancelled job can be resumed");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(launcher.launched()).hasSize(launches);
    assertThat(cp.jobs().findById(failed).orElseThrow().status().code()).isEqualTo("failed");
  }

  @Test
  void refreshIsStoredAndMustBeABoolean() throws Exception {
    String withRefresh =
        """
        {"source": "sim", "subject": "BTCUSDT", "kind": "candle", "granularity": "1m",
         "start": "2026-01-01", "end": "2026-01-02", "refresh": %s}""";

    var wrong = cp.http().post("/reports/backfill", withRefresh.formatted("\"yes\""));
    var right = cp.http().post("/reports/backfill", withRefresh.formatted("true"));

    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(json(wrong).get("detail").asText())
        .isEqualTo("field refresh is \"yes\": expected true or false");
    assertThat(right.statusCode()).as(right.body()).isEqualTo(201);
    assertThat(json(right).get("refresh").asBoolean()).isTrue();
    UUID id = UUID.fromString(json(right).get("id").asText());
    assertThat(cp.jobs().findById(id).orElseThrow().refresh()).isTrue();
  }

  @Test
  void theJobShowsPhaseFetchedProgressRetryNotesAndTheLastDayIncluded() throws Exception {
    UUID id = submit("sim/BTCUSDT/candle/1m", "2026-01-01", "2026-01-05");
    cp.jobs().markRunning(id);
    JobActivityRepository activity =
        new JobActivityRepository(cp.database().dataSource(), Clock.systemUTC());
    activity.fetched(id, 3, 2880, Instant.parse("2026-01-03T00:00:00Z"));
    activity.skipped(id, 1, Instant.parse("2026-01-02T00:00:00Z"));
    Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(21);
    activity.retrying(id, new RetryState("HTTP 503", Instant.parse("2026-01-10T12:03:10Z"), next));
    JsonNode before = json(cp.http().get("/reports/backfill/jobs/" + id));
    activity.note(id, "sim/BTCUSDT/candle/1m: the archive refuses access (HTTP 403)");

    JsonNode job = json(cp.http().get("/reports/backfill/jobs/" + id));

    assertThat(before.get("notes").isArray()).isTrue();
    assertThat(before.get("notes")).isEmpty();
    assertThat(job.get("notes")).hasSize(1);
    assertThat(job.get("notes").get(0).asText())
        .isEqualTo("sim/BTCUSDT/candle/1m: the archive refuses access (HTTP 403)");

    assertThat(job.get("last_day").asText()).isEqualTo("2026-01-04");
    assertThat(job.get("phase").asText()).isEqualTo(JobPhase.RETRYING.code());
    assertThat(job.get("fetched_pages").asLong()).isEqualTo(3);
    assertThat(job.get("fetched_rows").asLong()).isEqualTo(2880);
    assertThat(job.get("fetched_until").asText()).isEqualTo("2026-01-03T00:00:00Z");
    assertThat(job.get("fetched_pct").asDouble()).isEqualTo(50.0);
    assertThat(job.get("progress_pct").asDouble()).as("one day skipped").isEqualTo(25.0);
    assertThat(job.get("days_skipped").asInt()).isEqualTo(1);
    assertThat(job.get("retry_status").asText())
        .matches("retrying: HTTP 503 since 12:03:10, next try in (19|20|21) s");
    assertThat(job.get("retry_next_at").asText()).isEqualTo(next.toString());
  }

  @Test
  void rangeErrorsSayTheEndIsExclusive() throws Exception {
    var r =
        cp.http()
            .post("/reports/backfill", body("sim/BTCUSDT/candle/1m", "2026-01-02", "2026-01-02"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("detail").asText())
        .contains("must be before end")
        .contains(
            "the end is exclusive: start 2026-01-01 and end 2026-01-02 backfill the one day"
                + " 2026-01-01");
  }
}
