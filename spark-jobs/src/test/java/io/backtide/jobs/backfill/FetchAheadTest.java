package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.Granularity;
import io.backtide.jobs.backfill.FetchAhead.Fetched;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.TestCandles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fetch-ahead queue: bounded, hands waiting batches over as one, never past an end marker. */
class FetchAheadTest {
  private static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");

  /** Batches of one hour each, from DAY1, {@code count} of them, the last one marked last. */
  private static FetchAhead.Source hours(int count, AtomicInteger calls, int failAt, int cancelAt) {
    return (at, pages) -> {
      int n = calls.incrementAndGet();
      if (n == failAt) {
        throw new IllegalStateException("exchange down at batch " + n);
      }
      Batch batch = new Batch();
      if (n != cancelAt) {
        batch.addAll(
            TestCandles.range(at, at.plusSeconds(3600), Granularity.M1, 0).stream()
                .map(c -> new SourceRow(c, "{}"))
                .toList());
      }
      return new Fetched(batch, at.plusSeconds(3600), pages + 1, n == count, n == cancelAt);
    };
  }

  private static void awaitCalls(AtomicInteger calls, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (calls.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(50);
  }

  @Test
  void batchesWaitingForTheCommitterAreHandedOverAsOneUpToTheRowBound() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (FetchAhead ahead = FetchAhead.start(hours(6, calls, -1, -1), DAY1, 0, 3)) {
      awaitCalls(calls, 4);

      assertThat(calls.get())
          .as("3 queued, the 4th waits for room: memory stays bounded")
          .isEqualTo(4);
      Fetched first = ahead.next(150);
      assertThat(first.batch().size()).as("two hours of 60 rows fit under 150").isEqualTo(120);
      assertThat(first.at()).isEqualTo(DAY1.plusSeconds(2 * 3600));
      assertThat(first.pages()).isEqualTo(2);
      assertThat(first.last()).isFalse();
      awaitCalls(calls, 6);
      Fetched rest = ahead.next(10_000);
      assertThat(rest.batch().size()).as("hours 3 to 6").isEqualTo(240);
      assertThat(rest.batch().rows().iterator().next().candle().tsEvent())
          .isEqualTo(DAY1.plusSeconds(2 * 3600));
      assertThat(rest.at()).isEqualTo(DAY1.plusSeconds(6 * 3600));
      assertThat(rest.last()).isTrue();
    }
  }

  @Test
  void aCancelIsNeverMergedAndTheBatchesBeforeItAreStillHandedOver() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (FetchAhead ahead = FetchAhead.start(hours(10, calls, -1, 3), DAY1, 0, 3)) {
      awaitCalls(calls, 3);

      Fetched before = ahead.next(10_000);
      Fetched cancel = ahead.next(10_000);

      assertThat(before.batch().size()).isEqualTo(120);
      assertThat(before.cancelled()).isFalse();
      assertThat(cancel.cancelled()).isTrue();
      assertThat(cancel.at())
          .as("where the fetching stopped")
          .isEqualTo(DAY1.plusSeconds(3 * 3600));
      assertThat(calls.get()).as("nothing fetched after the cancel").isEqualTo(3);
    }
  }

  @Test
  void aFailureComesAfterTheBatchesFetchedBeforeIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (FetchAhead ahead = FetchAhead.start(hours(10, calls, 3, -1), DAY1, 0, 3)) {
      awaitCalls(calls, 3);

      Fetched before = ahead.next(10_000);

      assertThat(before.batch().size()).isEqualTo(120);
      assertThatThrownBy(() -> ahead.next(10_000))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("exchange down at batch 3");
      assertThat(calls.get()).isEqualTo(3);
    }
  }

  @Test
  void closingStopsAFetcherThatWaitsForRoom() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    FetchAhead ahead = FetchAhead.start(hours(100, calls, -1, -1), DAY1, 0, 1);
    awaitCalls(calls, 2);

    ahead.close();
    int after = calls.get();
    Thread.sleep(100);

    assertThat(after).as("one queued, one waiting").isEqualTo(2);
    assertThat(calls.get()).as("no fetch after close").isEqualTo(after);
    assertThat(
            List.of(
                Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("backfill-fetcher") && t.isAlive())
                    .count()))
        .containsExactly(0L);
  }

  @Test
  void cancelEndsAWaitForAStalledFetchAtOnceAndInterruptsIt() throws Exception {
    AtomicInteger interrupted = new AtomicInteger();
    FetchAhead.Source stalled =
        (at, pages) -> {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("interrupted");
        };
    try (FetchAhead ahead = FetchAhead.start(stalled, DAY1, 7, 3)) {
      new Thread(
              () -> {
                sleepQuietly(300);
                ahead.cancel();
              })
          .start();
      long t0 = System.nanoTime();

      Fetched fetched = ahead.next(1000);

      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      assertThat(fetched.cancelled()).isTrue();
      assertThat(fetched.batch().isEmpty()).isTrue();
      assertThat(fetched.at()).as("nothing handed over: the start").isEqualTo(DAY1);
      assertThat(fetched.pages()).isEqualTo(7);
      awaitCalls(interrupted, 1);
      assertThat(interrupted.get()).isEqualTo(1);
    }
  }

  @Test
  void afterACancelBatchesFetchedWholeAreStillHandedOverOneByOneThenTheCancel() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (FetchAhead ahead = FetchAhead.start(hours(6, calls, -1, -1), DAY1, 0, 3)) {
      ahead.next(60);
      awaitCalls(calls, 4);

      ahead.cancel();
      List<Fetched> after = new java.util.ArrayList<>();
      Fetched next;
      do {
        next = ahead.next(1000);
        after.add(next);
      } while (!next.cancelled());

      // The batch the first hand-over held back, up to three queued (the depth), the one the
      // fetcher was putting when the cancel came (on a loaded machine the queue's room can reach
      // it before the interrupt does: a whole batch, handed over like the others), then the
      // cancel.
      assertThat(after).hasSizeBetween(2, 6);
      assertThat(after.subList(0, after.size() - 1))
          .allSatisfy(f -> assertThat(f.batch().size()).isEqualTo(60));
      Fetched lastWhole = after.get(after.size() - 2);
      assertThat(next.batch().isEmpty()).isTrue();
      assertThat(next.at()).as("after the last batch handed over").isEqualTo(lastWhole.at());
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
