package io.backtide.jobs.backfill;

import io.backtide.core.TimeRange;
import io.backtide.jobs.backfill.BatchFetcher.FetchFailed;
import io.backtide.jobs.backfill.FetchAhead.Fetched;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.publish.DayNotes;
import io.backtide.jobs.publish.Publisher;
import io.backtide.jobs.table.CandleTable;
import io.backtide.jobs.table.TableCommit;
import io.backtide.jobs.table.Warmup;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
  private final Path dataDir;

  public Backfill(
      SparkSession spark,
      Path dataDir,
      BackfillJobRepository jobs,
      CandleSource source,
      RunSettings settings,
      Clock clock) {
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
    if (cursor.at.isBefore(job.range().end())) {
      source.plan(job.feed(), new TimeRange(cursor.at, job.range().end()));
    }
    BatchFetcher fetcher = new BatchFetcher(job, jobs, source, settings, stats, clock);
    try (Warmup warmup = table.warmUp()) {
      if (settings.warmUpFirst()) {
        warmup.await();
      }
      try (JobHeartbeat beat = JobHeartbeat.start(jobs, id, settings.heartbeatEvery());
          FetchAhead ahead = FetchAhead.start(fetcher, cursor.at, cursor.pages, 3)) {
        stats.start();
        Outcome outcome = loop(job, cursor, ahead, warmup);
        stats.finish();
        LOG.info("{} job {}: {} ({})", job.feed(), id, outcome, stats);
        return outcome;
      } catch (FetchFailed e) {
        return fail(job, e.at, e.getCause());
      } catch (RuntimeException e) {
        return fail(job, cursor.at, e);
      }
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
  private Outcome loop(BackfillJob job, Cursor cursor, FetchAhead ahead, Warmup warmup) {
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

  private void commit(BackfillJob job, Batch batch, Cursor cursor) {
    if (!batch.isEmpty()) {
      long t0 = System.nanoTime();
      TableCommit commit = table.write(job.feed(), batch.byDay());
      long t1 = System.nanoTime();
      TimeRange asked = new TimeRange(job.range().start(), cursor.at);
      publisher.publish(
          job.feed(),
          commit.version(),
          commit.days(),
          day -> DayNotes.of(day, asked, source.origin(day)));
      stats.committed(batch.size(), t1 - t0, System.nanoTime() - t1);
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
}
