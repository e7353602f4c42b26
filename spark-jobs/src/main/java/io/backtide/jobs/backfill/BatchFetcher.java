package io.backtide.jobs.backfill;

import io.backtide.jobs.backfill.FetchAhead.Fetched;
import io.backtide.jobs.backfill.Paging.Page;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one batch of a job's pages (on {@link FetchAhead}'s thread). A batch is full at a UTC day
 * boundary: once the next page could bring it to {@code batchRows}, pages are asked up to the next
 * midnight only, and the batch closes there. Every day is then written whole by one commit (into an
 * empty day: a new file, no deduplication) and never rewritten by the next batch. A page bigger
 * than a provider request (an archive day) may fill the batch at once: the batch then closes at the
 * midnight that page ended on. Two bounds stop a batch mid-day: twice {@code batchRows} rows (a day
 * bigger than a batch, e.g. a busy day of trades) and {@code maxBatchAge} of fetching (a slow
 * provider still shows progress). Whole days the store already holds ({@link HeldDays}) are
 * skipped, never asked for; every page is counted in the job row's fetched progress ({@link
 * DayTally}).
 */
final class BatchFetcher implements FetchAhead.Source {
  private static final Logger LOG = LoggerFactory.getLogger(BatchFetcher.class);

  private final BackfillJob job;
  private final BackfillJobRepository jobs;
  private final CandleSource source;
  private final RunSettings settings;
  private final RunStats stats;
  private final Clock clock;
  private final HeldDays held;
  private final DayTally tally;

  BatchFetcher(
      BackfillJob job,
      BackfillJobRepository jobs,
      CandleSource source,
      RunSettings settings,
      RunStats stats,
      Clock clock,
      HeldDays held,
      DayTally tally) {
    this.held = held;
    this.tally = tally;
    this.job = job;
    this.jobs = jobs;
    this.source = source;
    this.settings = settings;
    this.stats = stats;
    this.clock = clock;
  }

  /**
   * Fetches pages from {@code from} until the batch is full, the feed ends, or a cancel is
   * requested (checked before every page; a cancelled batch is never committed).
   *
   * @throws FetchFailed with the cursor the failing page was asked from
   */
  @Override
  public Fetched fetch(Instant from, long pagesBefore) {
    Instant end = job.range().end();
    Instant at = from;
    long pages = pagesBefore;
    Batch batch = new Batch();
    Instant started = clock.instant();
    Instant closeAt = null;
    try {
      while (at.isBefore(end)) {
        if (stopRequested()) {
          return new Fetched(batch, at, pages, false, true);
        }
        at = skipHeld(batch, at);
        if (!at.isBefore(end)) {
          break;
        }
        if (closeAt == null && batch.size() + settings.pageSize() >= settings.batchRows()) {
          closeAt = Paging.nextMidnight(at);
        }
        Instant limit = held.fetchUntil(at, end);
        Instant pageEnd = closeAt != null && closeAt.isBefore(limit) ? closeAt : limit;
        Page page = page(at, pageEnd);
        pages++;
        if (page.done() && pageEnd.equals(end)) {
          tally.page(batch, page.rows(), end, pages);
          return new Fetched(batch, end, pages, true, false);
        }
        at = advance(batch, page, pageEnd);
        tally.page(batch, page.rows(), at, pages);
        if (at.equals(closeAt) || fullAtMidnight(batch, at) || full(batch, started)) {
          return new Fetched(batch, at, pages, !at.isBefore(end), false);
        }
      }
      return new Fetched(batch, at, pages, true, false);
    } catch (RuntimeException e) {
      throw new FetchFailed(at, e);
    }
  }

  /**
   * Where the cursor stands after {@code page} (its rows go into the batch), never past its end.
   */
  private static Instant advance(Batch batch, Page page, Instant pageEnd) {
    if (page.done()) {
      return pageEnd;
    }
    batch.addAll(page.rows());
    return page.next().isAfter(pageEnd) ? pageEnd : page.next();
  }

  private boolean fullAtMidnight(Batch batch, Instant at) {
    return batch.size() >= settings.batchRows() && at.equals(at.truncatedTo(ChronoUnit.DAYS));
  }

  /**
   * Whether a cancel was requested. A database that does not answer (a control plane restarting its
   * embedded PostgreSQL) stops nothing: the heartbeat also watches for a cancel, and passes it on
   * once the database is back.
   */
  private boolean stopRequested() {
    try {
      return jobs.shouldStop(job.id());
    } catch (JobStoreException e) {
      LOG.warn("job {}: could not check for a cancel request: {}", job.id(), e.getMessage());
      return false;
    }
  }

  /** Skips the held days that start at {@code at}, counting them on the batch; the next point. */
  private Instant skipHeld(Batch batch, Instant at) {
    Instant unheld = held.nextToFetch(at);
    if (!unheld.equals(at)) {
      batch.skipped(held.heldBetween(at, unheld));
      tally.skipped(unheld);
    }
    return unheld;
  }

  private boolean full(Batch batch, Instant started) {
    return batch.size() >= 2L * settings.batchRows()
        || Duration.between(started, clock.instant()).compareTo(settings.maxBatchAge()) >= 0;
  }

  /** Fetches and trims one page. */
  private Page page(Instant cursor, Instant end) {
    long t0 = System.nanoTime();
    List<SourceRow> rows = source.fetch(job.feed(), cursor, end, settings.pageSize());
    stats.fetched(System.nanoTime() - t0);
    return Paging.trim(job.feed(), rows, cursor, end);
  }

  /** A provider or paging failure, with the cursor the page was asked from (for the job row). */
  static final class FetchFailed extends RuntimeException {
    final Instant at;

    FetchFailed(Instant at, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.at = at;
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }
}
