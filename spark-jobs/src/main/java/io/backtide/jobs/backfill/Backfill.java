package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
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
 * without losing or duplicating a row.
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
    warmup = Warmup.start(spark, dataDir.resolve("scratch"));
    try (JobHeartbeat beat = JobHeartbeat.start(jobs, id, settings.heartbeatEvery())) {
      Outcome outcome = loop(job, cursor);
      LOG.info("{} job {}: {} ({})", job.feed(), id, outcome, stats);
      return outcome;
    } catch (RuntimeException e) {
      String message = BackfillErrors.failed(job.feed(), cursor.at, e);
      LOG.error("{} job {}: {}", job.feed(), id, message, e);
      jobs.fail(id, message);
      return Outcome.FAILED;
    } finally {
      warmup.await();
    }
  }

  private Outcome loop(BackfillJob job, Cursor cursor) {
    FeedKey feed = job.feed();
    Instant end = job.range().end();
    Batch batch = new Batch();
    Instant batchStarted = clock.instant();
    while (cursor.at.isBefore(end)) {
      if (jobs.shouldStop(job.id())) {
        LOG.info("{} job {}: cancel requested at {}", feed, job.id(), cursor.at);
        jobs.cancel(job.id());
        return Outcome.CANCELLED;
      }
      Page page = fetch(feed, cursor.at, end);
      cursor.pages++;
      if (page.done) {
        break;
      }
      batch.addAll(page.rows);
      cursor.at = page.next.isAfter(end) ? end : page.next;
      if (batch.size() >= settings.batchRows()
          || Duration.between(batchStarted, clock.instant()).compareTo(settings.maxBatchAge())
              >= 0) {
        commit(job, batch, cursor);
        batchStarted = clock.instant();
      }
    }
    commit(job, batch, cursor);
    jobs.complete(job.id());
    return Outcome.COMPLETED;
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
      Map<LocalDate, List<SourceRow>> days = publishedRows(job.feed(), batch, commit);
      publisher.publish(job.feed(), commit.version(), days);
      stats.writeNanos += t1 - t0;
      stats.publishNanos += System.nanoTime() - t1;
      stats.rows += batch.size();
      stats.commits++;
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
   * What the touched days hold after {@code commit}: the batch itself when the days were empty
   * before (no read-back needed; same rows, same order, same values), else read from the table.
   */
  private Map<LocalDate, List<SourceRow>> publishedRows(FeedKey feed, Batch batch, Commit commit) {
    return commit.fresh() ? batch.byDay() : table.readDays(feed, commit.days(), commit.version());
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

  private record Page(List<SourceRow> rows, Instant next, boolean done) {
    static final Page DONE = new Page(List.of(), null, true);
  }
}
