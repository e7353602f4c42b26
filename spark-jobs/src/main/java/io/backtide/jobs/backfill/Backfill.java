package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.jobs.backfill.FetchAhead.Fetched;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one backfill job: pages from the stored cursor, commits bounded batches to the Delta table,
 * publishes the touched days and records progress after each commit. The cursor in the job row only
 * moves after the data before it is committed and published, so a killed run resumes from it
 * without losing or duplicating a row. A background thread fetches the next batches while the
 * current one is committed ({@link FetchAhead}), so the provider and the table work at the same
 * time.
 */
public final class Backfill {
  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

  private final BackfillJobRepository jobs;
  private final CandleSource source;
  private final CandleTable table;
  private final Publisher publisher;
  private final RunSettings settings;
  private final Clock clock;
  private final RunStats stats = new RunStats();
  private final SparkSession spark;
  private final Path dataDir;
  private Warmup warmup;
  private long firstCommitNanos;
  private long firstCommitRows;

  public Backfill(
      SparkSession spark,
      Path dataDir,
      BackfillJobRepository jobs,
      CandleSource source,
      RunSettings settings,
      Clock clock) {
    this.spark = spark;
    this.dataDir = dataDir;
    this.jobs = jobs;
    this.source = source;
    this.table = new CandleTable(spark, dataDir, settings.mode());
    this.publisher = new Publisher(dataDir, clock);
    this.settings = settings;
    this.clock = clock;
  }

  public RunStats stats() {
    return stats;
  }

  /** Runs job {@code id} to completion, cancellation or failure (recorded in the job row). */
  public Outcome run(UUID id) {
    BackfillJob job = jobs.findById(id).orElseThrow(() -> BackfillErrors.noSuchJob(id));
    if (!jobs.markRunning(id)) {
      throw BackfillErrors.notActive(id, job.status().code());
    }
    Cursor cursor = new Cursor(job.cursor(), job.recordsWritten(), job.pagesFetched());
    LOG.info("{} job {}: running from {} to {}", job.feed(), id, cursor.at, job.range().end());
    warmup = Warmup.start(spark, table, dataDir.resolve("scratch"));
    if (settings.warmUpFirst()) {
      warmup.await();
    }
    try (JobHeartbeat beat = JobHeartbeat.start(jobs, id, settings.heartbeatEvery());
        FetchAhead ahead =
            FetchAhead.start(
                (at, pages) -> fetchBatch(job, at, pages), cursor.at, cursor.pages, 3)) {
      long t0 = System.nanoTime();
      Outcome outcome = loop(job, cursor, ahead);
      stats.finish(t0, firstCommitNanos, firstCommitRows);
      LOG.info("{} job {}: {} ({})", job.feed(), id, outcome, stats);
      return outcome;
    } catch (FetchFailed e) {
      return fail(job, e.at, e.getCause());
    } catch (RuntimeException e) {
      return fail(job, cursor.at, e);
    } finally {
      warmup.await();
    }
  }

  private Outcome fail(BackfillJob job, Instant at, RuntimeException e) {
    String message = BackfillErrors.failed(job.feed(), at, e, dataDir);
    LOG.error("{} job {}: {}", job.feed(), job.id(), message, e);
    jobs.fail(job.id(), message);
    return Outcome.FAILED;
  }

  /**
   * Commits what the fetcher hands over (one batch, or several when it is ahead) while it fetches
   * the next ones. The cursor only moves in {@link #commit}, after the rows before it are written
   * and published.
   */
  private Outcome loop(BackfillJob job, Cursor cursor, FetchAhead ahead) {
    // The first commit needs the warm-up; batches fetched meanwhile then go in as one.
    warmup.await();
    while (true) {
      Fetched fetched = ahead.next(4L * settings.batchRows());
      if (fetched.cancelled()) {
        LOG.info("{} job {}: cancel requested at {}", job.feed(), job.id(), fetched.at());
        jobs.cancel(job.id());
        return Outcome.CANCELLED;
      }
      cursor.at = fetched.at();
      cursor.pages = fetched.pages();
      commit(job, fetched.batch(), cursor);
      if (fetched.last()) {
        jobs.complete(job.id());
        return Outcome.COMPLETED;
      }
    }
  }

  /**
   * Fetches pages from {@code from} until the batch is full, the feed ends, or a cancel is
   * requested (checked before every page; a cancelled batch is never committed). A batch is full at
   * a UTC day boundary: once the next page could bring it to {@code batchRows}, pages are asked up
   * to the next midnight only, and the batch closes there. Every day is then written whole by one
   * commit (into an empty day: a new file, no deduplication) and never rewritten by the next batch.
   * Two bounds stop a batch mid-day: twice {@code batchRows} rows (a day bigger than a batch, e.g.
   * a busy day of trades) and {@code maxBatchAge} of fetching (a slow provider still shows
   * progress).
   */
  private Fetched fetchBatch(BackfillJob job, Instant from, long pagesBefore) {
    Instant end = job.range().end();
    Instant at = from;
    long pages = pagesBefore;
    Batch batch = new Batch();
    Instant started = clock.instant();
    Instant closeAt = null;
    try {
      while (at.isBefore(end)) {
        if (jobs.shouldStop(job.id())) {
          return new Fetched(batch, at, pages, false, true);
        }
        if (closeAt == null && batch.size() + settings.pageSize() >= settings.batchRows()) {
          closeAt = nextMidnight(at);
        }
        Instant pageEnd = closeAt != null && closeAt.isBefore(end) ? closeAt : end;
        Page page = fetch(job.feed(), at, pageEnd);
        pages++;
        if (page.done && pageEnd.equals(end)) {
          return new Fetched(batch, at, pages, true, false);
        }
        if (page.done) {
          at = pageEnd;
        } else {
          batch.addAll(page.rows);
          at = page.next.isAfter(pageEnd) ? pageEnd : page.next;
        }
        if (at.equals(closeAt)
            || batch.size() >= 2L * settings.batchRows()
            || Duration.between(started, clock.instant()).compareTo(settings.maxBatchAge()) >= 0) {
          return new Fetched(batch, at, pages, !at.isBefore(end), false);
        }
      }
      return new Fetched(batch, at, pages, true, false);
    } catch (RuntimeException e) {
      throw new FetchFailed(at, e);
    }
  }

  /** The first UTC midnight after {@code at}. */
  static Instant nextMidnight(Instant at) {
    return at.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
  }

  /** Fetches and trims one page; {@code done} when the provider has nothing more before end. */
  private Page fetch(FeedKey feed, Instant cursor, Instant end) {
    long t0 = System.nanoTime();
    List<SourceRow> rows = source.fetch(feed, cursor, end, settings.pageSize());
    stats.fetchNanos += System.nanoTime() - t0;
    stats.pages++;
    if (rows.isEmpty()) {
      return Page.DONE;
    }
    List<SourceRow> kept = new ArrayList<>(rows.size());
    boolean beyondEnd = false;
    for (SourceRow row : rows) {
      Instant ts = row.candle().tsEvent();
      beyondEnd |= !ts.isBefore(end);
      if (!ts.isBefore(cursor) && ts.isBefore(end)) {
        kept.add(row);
      }
    }
    if (kept.isEmpty()) {
      if (beyondEnd) {
        return Page.DONE;
      }
      throw BackfillErrors.stuck(
          cursor, rows.get(0).candle().tsEvent(), rows.get(rows.size() - 1).candle().tsEvent());
    }
    Instant last = kept.stream().map(r -> r.candle().tsEvent()).max(Instant::compareTo).get();
    return new Page(kept, next(feed, last), false);
  }

  /** Next cursor: after the last bar; for ticks, the next millisecond (the providers' unit). */
  static Instant next(FeedKey feed, Instant last) {
    return feed.kind() == FeedKind.TICK
        ? last.truncatedTo(ChronoUnit.MILLIS).plusMillis(1)
        : last.plus(feed.granularity().duration());
  }

  private void commit(BackfillJob job, Batch batch, Cursor cursor) {
    if (!batch.isEmpty()) {
      long t0 = System.nanoTime();
      warmup.await();
      Commit commit = table.write(job.feed(), batch);
      long t1 = System.nanoTime();
      Map<LocalDate, List<SourceRow>> days = publishedRows(job.feed(), commit);
      publisher.publish(job.feed(), commit.version(), days);
      stats.writeNanos += t1 - t0;
      stats.publishNanos += System.nanoTime() - t1;
      stats.rows += batch.size();
      stats.commits++;
      if (stats.commits == 1) {
        firstCommitNanos = System.nanoTime();
        firstCommitRows = batch.size();
      }
      cursor.records += batch.size();
      LOG.info(
          "{} job {}: committed {} rows, {} day(s), version {}, cursor {}",
          job.feed(),
          job.id(),
          batch.size(),
          commit.days().size(),
          commit.version(),
          cursor.at);
      batch.clear();
    }
    if (!jobs.updateProgress(job.id(), cursor.at, cursor.records, cursor.pages)) {
      throw BackfillErrors.lostJob(job.id());
    }
  }

  /**
   * What the touched days hold after {@code commit}: known to the commit when it wrote the days
   * itself (no read-back; the same rows, order and values the table holds), else read back.
   */
  private Map<LocalDate, List<SourceRow>> publishedRows(FeedKey feed, Commit commit) {
    return commit.contents().isPresent()
        ? commit.contents().get()
        : table.readDays(feed, commit.days(), commit.version());
  }

  /** The resume point and the counters that go with it. */
  private static final class Cursor {
    Instant at;
    long records;
    long pages;

    Cursor(Instant at, long records, long pages) {
      this.at = at;
      this.records = records;
      this.pages = pages;
    }
  }

  /** A provider or paging failure, with the cursor the page was asked from (for the job row). */
  private static final class FetchFailed extends RuntimeException {
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

  private record Page(List<SourceRow> rows, Instant next, boolean done) {
    static final Page DONE = new Page(List.of(), null, true);
  }
}
