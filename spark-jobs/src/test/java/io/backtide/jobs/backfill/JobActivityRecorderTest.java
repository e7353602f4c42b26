package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.RetryStatus;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobActivityRepository;
import io.backtide.jobstore.JobPhase;
import io.backtide.jobstore.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the job row shows while a job runs, recorded on a real PostgreSQL. */
class JobActivityRecorderTest {
  private static TestDatabase db;
  private static BackfillJobRepository jobs;
  private static JobActivityRepository activity;

  @BeforeAll
  static void start() {
    db = TestDatabase.create();
    jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
    activity = new JobActivityRepository(db.dataSource(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void theFirstPagesShowAtOnceLaterOnesAtMostOncePerIntervalAndThePhaseFollowsTheJob() {
    db.execute("DELETE FROM backfill_jobs");
    BackfillJob job =
        jobs.create(
            FeedKey.parse("sim/BTCUSDT/candle/1m"), TimeRange.parse("2026-01-01", "2026-01-05"));
    jobs.markRunning(job.id());
    JobActivityRecorder recorder =
        new JobActivityRecorder(activity, job.id(), Clock.systemUTC(), Duration.ofHours(1));

    recorder.fetched(1, 1000, Instant.parse("2026-01-01T16:40:00Z"), false);
    recorder.fetched(2, 1440, Instant.parse("2026-01-02T00:00:00Z"), false);
    BackfillJob first = jobs.findById(job.id()).orElseThrow();
    recorder.committing(true);
    BackfillJob committing = jobs.findById(job.id()).orElseThrow();
    recorder.retrying(
        new RetryStatus(
            "GET http://x/api",
            "HTTP 503",
            Instant.parse("2026-02-01T12:03:10Z"),
            1,
            Instant.parse("2026-02-01T12:03:30Z")));
    BackfillJob retrying = jobs.findById(job.id()).orElseThrow();
    recorder.recovered();
    recorder.committing(false);
    recorder.fetched(3, 2880, Instant.parse("2026-01-03T00:00:00Z"), true);
    BackfillJob after = jobs.findById(job.id()).orElseThrow();

    assertThat(first.activity().fetchedRows()).as("the second page waits its turn").isEqualTo(1000);
    assertThat(first.activity().phase()).contains(JobPhase.FETCHING);
    assertThat(committing.activity().phase()).contains(JobPhase.COMMITTING);
    assertThat(retrying.activity().phase()).contains(JobPhase.RETRYING);
    assertThat(retrying.activity().retry().orElseThrow().reason()).isEqualTo("HTTP 503");
    assertThat(after.activity().phase()).contains(JobPhase.FETCHING);
    assertThat(after.activity().retry()).isEmpty();
    assertThat(after.activity().fetchedRows()).as("forced").isEqualTo(2880);
    assertThat(after.activity().fetchedUntil()).contains(Instant.parse("2026-01-03T00:00:00Z"));
  }
}
