package io.backtide.jobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.BackfillJobRepositoryTest.MutableClock;
import io.backtide.jobstore.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobActivityRepositoryTest {
  private static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final TimeRange RANGE = TimeRange.parse("2026-01-01", "2026-01-11");
  private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");

  private static TestDatabase db;
  private MutableClock clock;
  private BackfillJobRepository jobs;
  private JobActivityRepository activity;

  @BeforeAll
  static void startDatabase() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void emptyTable() {
    db.execute("DELETE FROM backfill_jobs");
    clock = new MutableClock(NOW);
    jobs = new BackfillJobRepository(db.dataSource(), clock);
    activity = new JobActivityRepository(db.dataSource(), clock);
  }

  @Test
  void aNewJobHasNoActivityAndRefreshAsAsked() {
    assertThat(jobs.create(FEED, RANGE).activity()).isEqualTo(JobActivity.NONE);
    jobs.cancel(jobs.findActive().orElseThrow().id());
    BackfillJob refresh = jobs.create(FEED, RANGE, true);

    assertThat(refresh.refresh()).isTrue();
    assertThat(jobs.findById(refresh.id()).orElseThrow().refresh()).isTrue();
  }

  @Test
  void fetchedProgressMovesAheadOfTheCommittedOneAndShowsInFetchedPct() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());
    clock.advance(Duration.ofSeconds(2));

    assertThat(activity.phase(job.id(), JobPhase.FETCHING)).isTrue();
    assertThat(activity.fetched(job.id(), 3, 2880, Instant.parse("2026-01-03T00:00:00Z"))).isTrue();

    BackfillJob now = jobs.findById(job.id()).orElseThrow();
    assertThat(now.activity().phase()).contains(JobPhase.FETCHING);
    assertThat(now.activity().fetchedPages()).isEqualTo(3);
    assertThat(now.activity().fetchedRows()).isEqualTo(2880);
    assertThat(now.activity().fetchedUntil()).contains(Instant.parse("2026-01-03T00:00:00Z"));
    assertThat(now.progressPct()).as("nothing committed").isEqualTo(0.0);
    assertThat(now.fetchedPct()).isEqualTo(20.0);
    assertThat(now.heartbeatAt()).contains(NOW.plusSeconds(2));
    assertThat(now.recordsWritten()).isZero();
  }

  @Test
  void startingAJobPutsItsFetchedProgressBackAtTheCommittedOne() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());
    jobs.updateProgress(job.id(), Instant.parse("2026-01-02T00:00:00Z"), 1440, 2);
    activity.fetched(job.id(), 5, 4320, Instant.parse("2026-01-04T00:00:00Z"));
    jobs.retry(job.id());

    jobs.markRunning(job.id());

    BackfillJob again = jobs.findById(job.id()).orElseThrow();
    assertThat(again.activity().phase()).contains(JobPhase.STARTING);
    assertThat(again.activity().fetchedPages()).isEqualTo(2);
    assertThat(again.activity().fetchedRows()).isEqualTo(1440);
    assertThat(again.activity().fetchedUntil()).contains(Instant.parse("2026-01-02T00:00:00Z"));
  }

  @Test
  void retryingShowsReasonSinceAndNextTryUntilAnotherPhaseClearsIt() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());
    RetryState retry =
        new RetryState(
            "HTTP 503",
            Instant.parse("2026-02-01T12:03:10Z"),
            Instant.parse("2026-02-01T12:03:40Z"));

    assertThat(activity.retrying(job.id(), retry)).isTrue();

    BackfillJob waiting = jobs.findById(job.id()).orElseThrow();
    assertThat(waiting.activity().phase()).contains(JobPhase.RETRYING);
    assertThat(waiting.activity().retry()).contains(retry);
    assertThat(retry.describe(Instant.parse("2026-02-01T12:03:20Z")))
        .isEqualTo("retrying: HTTP 503 since 12:03:10, next try in 20 s");

    activity.phase(job.id(), JobPhase.FETCHING);
    assertThat(jobs.findById(job.id()).orElseThrow().activity().retry()).isEmpty();
  }

  @Test
  void skippedDaysAreCountedAndMoveTheCursorForwardOnly() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());

    activity.skipped(job.id(), 3, Instant.parse("2026-01-04T00:00:00Z"));
    activity.skipped(job.id(), 1, Instant.parse("2026-01-02T00:00:00Z"));

    BackfillJob now = jobs.findById(job.id()).orElseThrow();
    assertThat(now.activity().daysSkipped()).isEqualTo(4);
    assertThat(now.cursor()).isEqualTo(Instant.parse("2026-01-04T00:00:00Z"));
    assertThat(now.progressPct()).isEqualTo(30.0);
  }

  @Test
  void notesAreKeptInOrderOnceEachAtMostTwentyTheLastSayingThereWasMoreAndCut() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());

    assertThat(activity.note(job.id(), "the archive refuses access (HTTP 403)")).isTrue();
    assertThat(activity.note(job.id(), "the archive refuses access (HTTP 403)"))
        .as("the same note twice is kept once")
        .isFalse();
    assertThat(activity.note(job.id(), "x".repeat(5000))).isTrue();
    for (int i = 3; i <= 25; i++) {
      activity.note(job.id(), "note " + i);
    }

    List<String> notes = jobs.findById(job.id()).orElseThrow().activity().notes();
    assertThat(notes).hasSize(JobActivity.MAX_NOTES).hasSize(20);
    assertThat(notes.get(0)).isEqualTo("the archive refuses access (HTTP 403)");
    assertThat(notes.get(1)).hasSize(1000).startsWith("xxx").endsWith("x\u2026");
    assertThat(notes.get(18)).isEqualTo("note 19");
    assertThat(notes.get(19))
        .as("the last place says there was more")
        .isEqualTo(JobActivity.MORE_NOTES)
        .isEqualTo("more notes than fit here: see the job log");
    assertThat(activity.note(job.id(), "note 26")).as("full").isFalse();
  }

  @Test
  void notesOutliveTheJobAndItsResume() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());
    activity.note(job.id(), "monthly file BTCUSDT-1m-2026-01.zip never matched its checksum");
    jobs.fail(job.id(), "HTTP 500 for longer than max_outage");

    assertThat(activity.note(job.id(), "late")).as("a finished job takes no note").isFalse();
    jobs.resume(job.id());
    assertThat(jobs.findById(job.id()).orElseThrow().activity().notes())
        .containsExactly("monthly file BTCUSDT-1m-2026-01.zip never matched its checksum");
  }

  @Test
  void aFinishedJobRecordsNoActivityAndLosesItsPhase() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());
    activity.retrying(job.id(), new RetryState("HTTP 500", NOW, NOW.plusSeconds(5)));
    jobs.fail(job.id(), "HTTP 500 for longer than max_outage");

    assertThat(activity.phase(job.id(), JobPhase.FETCHING)).isFalse();
    assertThat(activity.fetched(job.id(), 1, 1, RANGE.end())).isFalse();
    assertThat(activity.skipped(job.id(), 1, RANGE.end())).isFalse();
    BackfillJob failed = jobs.findById(job.id()).orElseThrow();
    assertThat(failed.activity().phase()).isEmpty();
    assertThat(failed.activity().retry()).isEmpty();
  }

  @Test
  void resumeMakesAFailedOrCancelledJobPendingAgainAsANewAttemptKeepingItsCursor() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());
    jobs.updateProgress(job.id(), Instant.parse("2026-01-05T00:00:00Z"), 5760, 6);
    jobs.requestCancel(job.id());
    jobs.fail(job.id(), "HTTP 500 for longer than max_outage 15 min");
    clock.advance(Duration.ofMinutes(5));

    BackfillJob resumed = jobs.resume(job.id());

    assertThat(resumed.status()).isEqualTo(JobStatus.PENDING);
    assertThat(resumed.attempt()).isEqualTo(2);
    assertThat(resumed.error()).isEmpty();
    assertThat(resumed.cancelRequested()).isFalse();
    assertThat(resumed.cursor()).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
    assertThat(resumed.recordsWritten()).isEqualTo(5760);
    assertThat(resumed.heartbeatAt()).contains(NOW.plus(Duration.ofMinutes(5)));

    jobs.cancel(job.id());
    assertThat(jobs.resume(job.id()).attempt()).isEqualTo(3);
  }

  @Test
  void resumeIsRefusedForActiveAndCompletedJobsAndUnderTheOneActiveJobRule() {
    BackfillJob done = jobs.create(FEED, RANGE);
    jobs.complete(done.id());
    BackfillJob failed = jobs.create(FEED, RANGE);
    jobs.fail(failed.id(), "boom");
    BackfillJob active = jobs.create(FEED, RANGE);

    assertThatThrownBy(() -> jobs.resume(done.id()))
        .isInstanceOf(JobStateException.class)
        .hasMessage(
            "job " + done.id() + " is completed: only a failed or cancelled job can be resumed")
        .satisfies(e -> assertThat(((JobStateException) e).isNotFound()).isFalse());
    assertThatThrownBy(() -> jobs.resume(active.id()))
        .isInstanceOf(JobStateException.class)
        .hasMessageContaining("is pending");
    assertThatThrownBy(() -> jobs.resume(failed.id()))
        .isInstanceOf(JobConflictException.class)
        .hasMessageContaining("job " + active.id());
    assertThat(jobs.findById(failed.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    assertThatThrownBy(() -> jobs.resume(java.util.UUID.randomUUID()))
        .isInstanceOf(JobStateException.class)
        .satisfies(e -> assertThat(((JobStateException) e).isNotFound()).isTrue());
  }

  @Test
  void schemaRejectsAHalfRecordedRetryAndAnUnknownPhase() {
    BackfillJob job = jobs.create(FEED, RANGE);

    assertThatThrownBy(
            () ->
                db.execute(
                    "UPDATE backfill_jobs SET retry_reason = 'HTTP 500' WHERE id = '"
                        + job.id()
                        + "'"))
        .hasMessageContaining("backfill_jobs_retry_whole");
    assertThatThrownBy(
            () ->
                db.execute(
                    "UPDATE backfill_jobs SET phase = 'sleeping' WHERE id = '" + job.id() + "'"))
        .hasMessageContaining("backfill_jobs_phase_check");
    assertThat(jobs.findById(job.id()).orElseThrow().activity().phase())
        .isEqualTo(Optional.empty());
  }
}
