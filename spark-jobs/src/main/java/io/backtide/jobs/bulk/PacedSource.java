package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.DayOrigin;
import io.backtide.jobs.provider.RequestRate;
import io.backtide.jobs.provider.Sleeper;
import io.backtide.jobs.provider.SourceRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A source that serves at most {@code requestsPerMinute} pages: each fetch waits for its slot
 * ({@link RequestRate}). For sources without HTTP requests (sim); an HTTP source paces its API
 * requests itself ({@link io.backtide.jobs.provider.ProviderSettings#withRestRequestsPerMinute}),
 * so that its archive files are not paced. The plan and the days' origins are the inner source's.
 */
final class PacedSource implements CandleSource {
  private final CandleSource inner;
  private final RequestRate rate;

  PacedSource(CandleSource inner, double requestsPerMinute) {
    this.inner = inner;
    this.rate = new RequestRate(requestsPerMinute, Sleeper.REAL);
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void plan(FeedKey feed, TimeRange range, Predicate<LocalDate> skipped) {
    inner.plan(feed, range, skipped);
  }

  @Override
  public void plan(FeedKey feed, TimeRange range) {
    inner.plan(feed, range);
  }

  @Override
  public Optional<DayOrigin> origin(LocalDate day) {
    return inner.origin(day);
  }

  @Override
  public List<TimeRange> unasked(LocalDate day) {
    return inner.unasked(day);
  }

  @Override
  public List<String> notes() {
    return inner.notes();
  }

  @Override
  public List<SourceRow> fetch(FeedKey feed, Instant from, Instant end, int limit) {
    try {
      rate.beforeRequest();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(feed + ": interrupted while pacing requests", e);
    }
    return inner.fetch(feed, from, end, limit);
  }

  @Override
  public void close() {
    inner.close();
  }
}
