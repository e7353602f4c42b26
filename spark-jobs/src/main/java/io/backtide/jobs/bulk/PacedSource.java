package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.SourceRow;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A source that sends at most {@code requestsPerMinute} requests: each fetch waits until its slot
 * (the previous start plus the interval). The provider's own retries come on top; they are rare and
 * themselves spaced out by backoff.
 */
final class PacedSource implements CandleSource {
  private final CandleSource inner;
  private final long intervalNanos;
  private long nextStart = System.nanoTime();

  PacedSource(CandleSource inner, double requestsPerMinute) {
    if (!(requestsPerMinute > 0)) {
      throw new IllegalArgumentException(
          "requests per minute " + requestsPerMinute + " must be positive");
    }
    this.inner = inner;
    this.intervalNanos = (long) (60e9 / requestsPerMinute);
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public List<SourceRow> fetch(FeedKey feed, Instant from, Instant end, int limit) {
    long wait = nextStart - System.nanoTime();
    while (wait > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(feed + ": interrupted while pacing requests");
      }
      wait = nextStart - System.nanoTime();
    }
    nextStart = System.nanoTime() + intervalNanos;
    return inner.fetch(feed, from, end, limit);
  }

  @Override
  public void close() {
    inner.close();
  }
}
