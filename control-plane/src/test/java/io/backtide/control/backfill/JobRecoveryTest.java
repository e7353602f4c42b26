package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.control.testing.RecordingLauncher;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import io.backtide.jobstore.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recovery decisions on a real job table; the launcher is the recording one. */
class JobRecoveryTest {
  private static final FeedKey FEED = FeedKey.parse("sim/BTCUSDT/candle/1m");
  private static final TimeRange RANGE = TimeRange.parse("2026-01-01", "2026-01-04");
  private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
  private static TestDatabase db;
  private RecordingLauncher launcher;
  private BackfillJobRepository jobs;
  private JobRecovery recovery;

  @BeforeAll
  static void database() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @BeforeEach
  void setUp() {
    db.execute("DELETE FROM backfill_jobs");
    launcher = new RecordingLauncher();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    jobs = new BackfillJobRepository(db.dataSource(), clock);
    FeedCatalog catalog =
        FeedCatalog.of(List.of(new ConfiguredFeed(FEED, Map.of("page_size", "500"))));
    recovery = new JobRecovery(jobs, catalog, launcher, clock, Duration.ofSeconds(60), 3);
  }

  private BackfillJob runningJob(Duration sinceHeartbeat) {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());
    jobs.updateProgress(job.id(), Instant.parse("2026-01-02T06:00:00Z"), 1800, 4);
    db.execute(
        "UPDATE backfill_jobs SET heartbeat_at = '%s', updated_at = '%s' WHERE id = '%s'"
            .formatted(NOW.minus(sinceHeartbeat), NOW.minus(sinceHeartbeat), job.id()));
    return jobs.findById(job.id()).orElseThrow();
  }

  @Test
  void staleRunningJobIsResumedFromItsCursorWithTheNextAttempt() {
    BackfillJob job = runningJob(Duration.ofMinutes(5));

    assertThat(recovery.runOnce()).isEqualTo(JobRecovery.Outcome.RELAUNCHED);

    BackfillJob relaunched = launcher.launched().get(0);
    assertThat(relaunched.id()).isEqualTo(job.id());
    assertThat(relaunched.attempt()).isEqualTo(2);
    assertThat(relaunched.status()).isEqualTo(JobStatus.PENDING);
    assertThat(relaunched.cursor()).isEqualTo(Instant.parse("2026-01-02T06:00:00Z"));
    assertThat(relaunched.recordsWritten()).isEqualTo(1800);
  }

  @Test
  void staleJobWhoseProcessStillRunsGetsMoreTimeBeforeItCountsAsHung() {
    BackfillJob job = runningJob(Duration.ofMinutes(2));
    launcher.setState(job.id(), ProcessState.RUNNING);

    assertThat(recovery.runOnce()).isEqualTo(JobRecovery.Outcome.HEALTHY);
    assertThat(launcher.stopped()).isEmpty();
  }

  @Test
  void hungJobWhoseProcessStillRunsIsStoppedFirst() {
    BackfillJob job = runningJob(Duration.ofMinutes(6));
    launcher.setState(job.id(), ProcessState.RUNNING);

    recovery.runOnce();

    assertThat(launcher.stopped()).containsExactly(job.id());
    assertThat(launcher.launched()).hasSize(1);
  }

  @Test
  void freshJobWithALiveProcessIsLeftAlone() {
    BackfillJob job = runningJob(Duration.ofSeconds(10));
    launcher.setState(job.id(), ProcessState.RUNNING);

    assertThat(recovery.runOnce()).isEqualTo(JobRecovery.Outcome.HEALTHY);
    assertThat(launcher.launched()).isEmpty();
    assertThat(launcher.stopped()).isEmpty();
  }

  @Test
  void freshJobWhoseProcessIsGoneIsResumedAtOnce() {
    BackfillJob job = runningJob(Duration.ofSeconds(10));
    launcher.setState(job.id(), ProcessState.GONE);

    assertThat(recovery.runOnce()).isEqualTo(JobRecovery.Outcome.RELAUNCHED);
    assertThat(jobs.findById(job.id()).orElseThrow().attempt()).isEqualTo(2);
  }

  @Test
  void freshPendingJobNotYetLaunchedIsLeftAlone() {
    jobs.create(FEED, RANGE);

    assertThat(recovery.runOnce()).isEqualTo(JobRecovery.Outcome.HEALTHY);
    assertThat(launcher.launched()).isEmpty();
  }

  @Test
  void jobIsFailedWithAReasonAfterTheLastAttempt() {
    BackfillJob job = runningJob(Duration.ofMinutes(5));
    db.execute("UPDATE backfill_jobs SET attempt = 3 WHERE id = '" + job.id() + "'");

    assertThat(recovery.runOnce()).isEqualTo(JobRecovery.Outcome.FAILED);

    BackfillJob failed = jobs.findById(job.id()).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.error())
        .hasValueSatisfying(
            e ->
                assertThat(e)
                    .contains("gave up after 3 attempt(s)")
                    .contains("cursor 2026-01-02T06:00:00Z"));
    assertThat(launcher.launched()).isEmpty();
    assertThat(jobs.create(FEED, RANGE).status())
        .as("a new job may start")
        .isEqualTo(JobStatus.PENDING);
  }

  @Test
  void staleJobWithCancelRequestedIsCancelledNotResumed() {
    BackfillJob job = runningJob(Duration.ofMinutes(5));
    jobs.requestCancel(job.id());
    db.execute(
        "UPDATE backfill_jobs SET updated_at = '"
            + NOW.minusSeconds(300)
            + "' WHERE id = '"
            + job.id()
            + "'");

    assertThat(recovery.runOnce()).isEqualTo(JobRecovery.Outcome.CANCELLED);
    assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(launcher.launched()).isEmpty();
  }

  @Test
  void nothingActiveIsNothingToDo() {
    UUID done = jobs.create(FEED, RANGE).id();
    jobs.markRunning(done);
    jobs.complete(done);

    assertThat(recovery.runOnce()).isEqualTo(JobRecovery.Outcome.NOTHING_ACTIVE);
  }
}
