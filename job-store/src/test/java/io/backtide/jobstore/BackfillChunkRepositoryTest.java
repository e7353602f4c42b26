package io.backtide.jobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BackfillChunkRepositoryTest {
  private static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("binance/ETHUSDT/candle/1m");
  private static final Instant D1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant D2 = Instant.parse("2026-01-02T00:00:00Z");
  private static final Instant D3 = Instant.parse("2026-01-03T00:00:00Z");
  private static TestDatabase db;
  private static BackfillJobRepository jobs;
  private static BackfillChunkRepository chunks;

  @BeforeAll
  static void setUp() {
    db = TestDatabase.create();
    Clock clock = Clock.fixed(D3, ZoneOffset.UTC);
    jobs = new BackfillJobRepository(db.dataSource(), clock);
    chunks = new BackfillChunkRepository(db.dataSource(), clock);
  }

  @AfterAll
  static void tearDown() {
    db.close();
  }

  private UUID newFinishedJob() {
    UUID id = jobs.create(BTC, new TimeRange(D1, D3)).id();
    jobs.markRunning(id);
    jobs.complete(id);
    return id;
  }

  @Test
  void plannedChunksAreListedByFeedThenStartAndNotDone() {
    UUID job = newFinishedJob();
    chunks.plan(
        List.of(
            BackfillChunk.planned(job, ETH, new TimeRange(D1, D2)),
            BackfillChunk.planned(job, BTC, new TimeRange(D2, D3)),
            BackfillChunk.planned(job, BTC, new TimeRange(D1, D2))));

    assertThat(chunks.list(job))
        .containsExactly(
            BackfillChunk.planned(job, BTC, new TimeRange(D1, D2)),
            BackfillChunk.planned(job, BTC, new TimeRange(D2, D3)),
            BackfillChunk.planned(job, ETH, new TimeRange(D1, D2)));
  }

  @Test
  void replanningKeepsDoneChunksDone() {
    UUID job = newFinishedJob();
    BackfillChunk first = BackfillChunk.planned(job, BTC, new TimeRange(D1, D2));
    BackfillChunk second = BackfillChunk.planned(job, BTC, new TimeRange(D2, D3));
    chunks.plan(List.of(first, second));
    chunks.markDone(
        List.of(new BackfillChunk(job, BTC, first.range(), false, 1440, 2, OptionalLong.empty())),
        7);

    chunks.plan(List.of(first, second));

    assertThat(chunks.list(job))
        .containsExactly(
            new BackfillChunk(job, BTC, first.range(), true, 1440, 2, OptionalLong.of(7)), second);
  }

  @Test
  void markingAnUnplannedChunkDoneChangesNothing() {
    UUID job = newFinishedJob();
    BackfillChunk planned = BackfillChunk.planned(job, BTC, new TimeRange(D1, D2));
    chunks.plan(List.of(planned));

    assertThatThrownBy(
            () ->
                chunks.markDone(
                    List.of(planned, BackfillChunk.planned(job, ETH, new TimeRange(D1, D2))), 3))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("a chunk was never planned");
    assertThat(chunks.list(job)).containsExactly(planned);
  }

  @Test
  void chunkDoneWithoutVersionIsRejected() {
    assertThatThrownBy(
            () ->
                new BackfillChunk(
                        UUID.randomUUID(),
                        BTC,
                        new TimeRange(D1, D2),
                        true,
                        1,
                        1,
                        OptionalLong.empty())
                    .done())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is done without a version");
  }
}
