package io.backtide.jobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bulk jobs and chunk states on a real PostgreSQL. */
class BulkJobRepositoryTest {
  private static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("sim/ETHUSDT/candle/1m");
  private static final Instant D1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant D2 = Instant.parse("2026-01-02T00:00:00Z");
  private static final Instant D3 = Instant.parse("2026-01-03T00:00:00Z");
  private TestDatabase db;
  private BackfillJobRepository jobs;
  private BulkJobRepository bulks;
  private BackfillChunkRepository chunks;

  @BeforeEach
  void setUp() {
    db = TestDatabase.create();
    jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
    bulks = new BulkJobRepository(db.dataSource(), Clock.systemUTC());
    chunks = new BackfillChunkRepository(db.dataSource(), Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  @Test
  void aBulkJobIsOnePendingJobRowForItsFirstFeedWithItsFeedsBeside() {
    BackfillJob job = bulks.create(List.of(ETH, BTC), new TimeRange(D1, D3), 2, 4);

    assertThat(job.feed()).isEqualTo(ETH);
    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.cursor()).isEqualTo(D1);
    assertThat(bulks.find(job.id())).contains(new BulkJob(job.id(), List.of(ETH, BTC), 2, 4));
    assertThat(bulks.list(10)).containsExactly(new BulkJob(job.id(), List.of(ETH, BTC), 2, 4));
  }

  @Test
  void aSingleFeedJobHasNoBulkPart() {
    BackfillJob job = jobs.create(BTC, new TimeRange(D1, D2));

    assertThat(bulks.find(job.id())).isEmpty();
    assertThat(bulks.list(10)).isEmpty();
  }

  @Test
  void aBulkJobCountsAsTheOneActiveJobBothWays() {
    BackfillJob bulk = bulks.create(List.of(BTC, ETH), new TimeRange(D1, D3), 1, 1);

    assertThatThrownBy(() -> jobs.create(BTC, new TimeRange(D1, D2)))
        .isInstanceOf(JobConflictException.class)
        .hasMessageContaining(bulk.id().toString());
    assertThatThrownBy(() -> bulks.create(List.of(ETH), new TimeRange(D1, D2), 1, 1))
        .isInstanceOf(JobConflictException.class)
        .hasMessageContaining(bulk.id().toString());
    assertThat(bulks.list(10)).hasSize(1);
    assertThat(jobs.list(10)).hasSize(1);

    jobs.cancel(bulk.id());
    BackfillJob single = jobs.create(BTC, new TimeRange(D1, D2));
    assertThatThrownBy(() -> bulks.create(List.of(ETH), new TimeRange(D1, D2), 1, 1))
        .isInstanceOf(JobConflictException.class)
        .hasMessageContaining(single.id().toString());
  }

  @Test
  void chunksMoveFromPendingToRunningToDoneOrFailedAndBackToPending() {
    UUID id = bulks.create(List.of(BTC), new TimeRange(D1, D3), 1, 2).id();
    BackfillChunk first = BackfillChunk.planned(id, BTC, new TimeRange(D1, D2));
    BackfillChunk second = BackfillChunk.planned(id, BTC, new TimeRange(D2, D3));
    chunks.plan(List.of(first, second));
    assertThat(states(id)).containsExactly("pending", "pending");

    chunks.markRunning(List.of(first, second));
    assertThat(states(id)).containsExactly("running", "running");

    chunks.markDone(
        List.of(new BackfillChunk(id, BTC, first.range(), false, 1440, 2, OptionalLong.empty())),
        3);
    chunks.markFailed(second, "HTTP 500 at 2026-01-02T00:00:00Z");
    assertThat(states(id)).containsExactly("done", "failed");
    assertThat(chunks.states(id).get(1).error()).contains("HTTP 500 at 2026-01-02T00:00:00Z");
    assertThat(chunks.states(id).get(0).error()).isEqualTo(Optional.empty());

    chunks.release(List.of(first, second));
    assertThat(states(id)).containsExactly("done", "pending");
    assertThat(chunks.states(id).get(1).error()).isEmpty();
    assertThat(chunks.states(id).get(0).chunk().recordsWritten()).isEqualTo(1440);
  }

  @Test
  void deletingTheJobRowDeletesItsBulkPart() {
    UUID id = bulks.create(List.of(BTC), new TimeRange(D1, D3), 1, 1).id();

    db.execute("DELETE FROM backfill_jobs WHERE id = '" + id + "'");

    assertThat(bulks.find(id)).isEmpty();
  }

  private List<String> states(UUID id) {
    return chunks.states(id).stream().map(s -> s.state().code()).toList();
  }
}
