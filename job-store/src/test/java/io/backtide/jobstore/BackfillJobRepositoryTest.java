package io.backtide.jobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackfillJobRepositoryTest {
  private static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final TimeRange RANGE = TimeRange.parse("2026-01-01", "2026-01-11");
  private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");

  private static TestDatabase db;
  private MutableClock clock;
  private BackfillJobRepository jobs;

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
  }

  @Test
  void createdJobIsPendingWithCursorAtStartAndZeroCounters() {
    BackfillJob job = jobs.create(FEED, RANGE);

    assertThat(job.feed()).isEqualTo(FEED);
    assertThat(job.range()).isEqualTo(RANGE);
    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.cursor()).isEqualTo(RANGE.start());
    assertThat(job.recordsWritten()).isZero();
    assertThat(job.pagesFetched()).isZero();
    assertThat(job.attempt()).isEqualTo(1);
    assertThat(job.error()).isEmpty();
    assertThat(job.createdAt()).isEqualTo(NOW);
    assertThat(job.progressPct()).isEqualTo(0.0);
    assertThat(jobs.findById(job.id())).contains(job);
  }

  @Test
  void unknownIdIsEmpty() {
    assertThat(jobs.findById(UUID.randomUUID())).isEmpty();
  }

  @Test
  void progressMovesCursorCountersAndHeartbeatInOneUpdate() {
    BackfillJob job = jobs.create(FEED, RANGE);
    assertThat(jobs.markRunning(job.id())).isTrue();
    clock.advance(Duration.ofSeconds(5));

    Instant cursor = Instant.parse("2026-01-06T00:00:00Z");
    assertThat(jobs.updateProgress(job.id(), cursor, 7200, 8)).isTrue();

    BackfillJob after = jobs.findById(job.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(after.cursor()).isEqualTo(cursor);
    assertThat(after.recordsWritten()).isEqualTo(7200);
    assertThat(after.pagesFetched()).isEqualTo(8);
    assertThat(after.heartbeatAt()).contains(NOW.plusSeconds(5));
    assertThat(after.progressPct()).isEqualTo(50.0);
  }

  @Test
  void completeFailAndCancelEndTheJobAndFreeTheSlot() {
    BackfillJob a = jobs.create(FEED, RANGE);
    jobs.markRunning(a.id());
    assertThat(jobs.complete(a.id())).isTrue();
    BackfillJob done = jobs.findById(a.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.cursor()).isEqualTo(RANGE.end());
    assertThat(done.progressPct()).isEqualTo(100.0);

    BackfillJob b = jobs.create(FEED, RANGE);
    assertThat(jobs.fail(b.id(), "binance 500 at 2026-01-02T00:00Z")).isTrue();
    assertThat(jobs.findById(b.id()).orElseThrow().error())
        .contains("binance 500 at 2026-01-02T00:00Z");
    assertThat(jobs.findById(b.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);

    BackfillJob c = jobs.create(FEED, RANGE);
    assertThat(jobs.cancel(c.id())).isTrue();
    assertThat(jobs.findById(c.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);

    assertThat(jobs.findActive()).isEmpty();
    assertThat(jobs.complete(a.id())).as("a finished job does not change again").isFalse();
    assertThat(jobs.updateProgress(a.id(), RANGE.start(), 1, 1)).isFalse();
  }

  @Test
  void listIsNewestFirstWithLimitAndStatusFilter() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      BackfillJob j = jobs.create(FEED, RANGE);
      jobs.complete(j.id());
      ids.add(j.id());
      clock.advance(Duration.ofMinutes(1));
    }
    BackfillJob active = jobs.create(FEED, RANGE);

    assertThat(jobs.list(10))
        .extracting(BackfillJob::id)
        .containsExactly(active.id(), ids.get(2), ids.get(1), ids.get(0));
    assertThat(jobs.list(2)).extracting(BackfillJob::id).containsExactly(active.id(), ids.get(2));
    assertThat(jobs.list(JobStatus.COMPLETED, 10)).hasSize(3);
    assertThat(jobs.list(JobStatus.PENDING, 10))
        .extracting(BackfillJob::id)
        .containsExactly(active.id());
    assertThat(jobs.findActive()).map(BackfillJob::id).contains(active.id());
  }

  @Test
  void staleJobsAreActiveJobsWithAnOldHeartbeat() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());
    clock.advance(Duration.ofSeconds(30));
    assertThat(jobs.findStale(Duration.ofSeconds(60))).isEmpty();

    clock.advance(Duration.ofSeconds(31));
    assertThat(jobs.findStale(Duration.ofSeconds(60)))
        .extracting(BackfillJob::id)
        .containsExactly(job.id());

    assertThat(jobs.retry(job.id())).isTrue();
    BackfillJob retried = jobs.findById(job.id()).orElseThrow();
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(retried.status()).isEqualTo(JobStatus.PENDING);
    assertThat(jobs.findStale(Duration.ofSeconds(60))).isEmpty();
  }

  @Test
  void cancelRequestIsSeenByTheJobAndRefusedForFinishedJobs() {
    BackfillJob job = jobs.create(FEED, RANGE);
    jobs.markRunning(job.id());
    assertThat(jobs.shouldStop(job.id())).isFalse();

    assertThat(jobs.requestCancel(job.id()).cancelRequested()).isTrue();
    assertThat(jobs.shouldStop(job.id())).isTrue();
    jobs.cancel(job.id());

    assertThatThrownBy(() -> jobs.requestCancel(job.id()))
        .isInstanceOf(JobStateException.class)
        .hasMessageContaining("is cancelled, not pending or running");
    UUID unknown = UUID.randomUUID();
    assertThatThrownBy(() -> jobs.requestCancel(unknown))
        .isInstanceOf(JobStateException.class)
        .hasMessageContaining("no backfill job with id " + unknown)
        .matches(e -> ((JobStateException) e).isNotFound());
  }

  @Test
  void schemaRejectsAnUnknownStatus() {
    BackfillJob job = jobs.create(FEED, RANGE);
    assertThatThrownBy(
            () -> {
              try (Connection c = db.dataSource().getConnection();
                  Statement s = c.createStatement()) {
                s.executeUpdate(
                    "UPDATE backfill_jobs SET status = 'paused' WHERE id = '" + job.id() + "'");
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("backfill_jobs_status_check");
    assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
  }

  @Test
  void secondJobWhileOneIsActiveIsConflictNamingTheActiveJob() {
    BackfillJob first = jobs.create(FEED, RANGE);
    assertThatThrownBy(() -> jobs.create(FEED, RANGE))
        .isInstanceOf(JobConflictException.class)
        .hasMessageContaining("already pending: job " + first.id())
        .hasMessageContaining("binance/BTCUSDT/candle/1m");
  }

  @Test
  void twentyConcurrentCreatesYieldExactlyOneJob() throws Exception {
    int threads = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<BackfillJob>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Callable<BackfillJob> create =
          () -> {
            ready.countDown();
            go.await();
            return jobs.create(FEED, RANGE);
          };
      results.add(pool.submit(create));
    }
    ready.await();
    go.countDown();

    List<BackfillJob> created = new ArrayList<>();
    List<Throwable> refused = new ArrayList<>();
    for (Future<BackfillJob> f : results) {
      try {
        created.add(f.get(30, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException e) {
        refused.add(e.getCause());
      }
    }
    pool.shutdown();

    assertThat(created).hasSize(1);
    assertThat(refused).hasSize(threads - 1);
    assertThat(refused)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(JobConflictException.class)
                    .hasMessageContaining(created.get(0).id().toString()));
    assertThat(jobs.list(100)).hasSize(1);
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
