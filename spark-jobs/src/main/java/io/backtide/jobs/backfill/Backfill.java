package io.backtide.jobs.backfill;

import io.backtide.core.TimeRange;
import io.backtide.jobs.backfill.BatchFetcher.FetchFailed;
import io.backtide.jobs.backfill.FetchAhead.Fetched;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.ProviderErrors;
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
 * time. Between commits the job row shows what was fetched and the phase ({@link
 * JobActivityRecorder}); whole days the store already holds are skipped unless the job asks to
 * refresh ({@link HeldDays}); a cancel request interrupts a request in flight.
 */
public final class Backfill {
  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

  private final BackfillJobRepository jobs;
  private final CandleSource source;
  private final SparkStart spark;
  private CandleTable table;
  private final Publisher publisher;
  private final RunSettings settings;
  private final Clock clock;
  private final RunStats stats = new RunStats();
  private final Path dataDir;
  private JobActivityRecorder recorder;
  private final StoreRetry store = new StoreRetry(StoreRetry.PATIENCE);

  public Backfill(
      SparkSession spark,
      Path dataDir,
      BackfillJobRepository jobs,
      CandleSource source,
      RunSettings settings,
      Clock clock) {
    this(SparkStart.of(spark), dataDir, jobs, source, settings, clock, null);
  }

  /**
   * A backfill that shows its activity through {@code recorder} (also the provider's retry
   * listener, so that the job row says when it waits to retry); null for one of its own. The Spark
   * session may still be starting: the job fetches meanwhile and waits for it before its first
   * commit.
   */
  public Backfill(
      SparkStart spark,
      Path dataDir,
      BackfillJobRepository jobs,
      CandleSource source,
      RunSettings settings,
      Clock clock,
      JobActivityRecorder recorder) {
    this.recorder = recorder;
    this.dataDir = dataDir;
    this.jobs = jobs;
    this.source = source;
    this.spark = spark;
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
    // Whatever goes wrong once the job is running is recorded: a job left running would block
    // every later one (one active job at a time) until recovery notices its process is gone.
    try {
      return runFrom(job, cursor);
    } catch (FetchFailed e) {
      return fail(job, e.at, e.getCause());
    } catch (RuntimeException e) {
      return fail(job, cursor.at, e);
    } finally {
      // Once the outcome is recorded: a background checkpoint must not run on into the stopping
      // Spark session, and one the job left due is written now.
      if (table != null) {
        table.finishCheckpoints();
      }
    }
  }

  /**
   * Fetching starts at once, while the Spark session may still be starting (unless the job asks to
   * warm up first): only the table waits for the session, and the first commit for the warm-up.
   */
  private Outcome runFrom(BackfillJob job, Cursor cursor) {
    HeldDays held = held(job, cursor);
    if (cursor.at.isBefore(job.range().end())) {
      source.plan(job.feed(), new TimeRange(cursor.at, job.range().end()), held::holds);
    }
    DayTally tally = new DayTally(job, cursor.at, recorder(job.id()), clock);
    BatchFetcher fetcher = new BatchFetcher(job, jobs, source, settings, stats, clock, held, tally);
    Warmup early = settings.warmUpFirst() ? table().warmUp() : null;
    if (early != null) {
      early.await();
    }
    stats.start();
    try (FetchAhead ahead = FetchAhead.start(fetcher, cursor.at, cursor.pages, 3);
        JobHeartbeat beat =
            JobHeartbeat.start(jobs, job.id(), settings.heartbeatEvery(), ahead::cancel);
        Warmup warmup = early != null ? early : table().warmUp()) {
      Outcome outcome = loop(job, cursor, ahead, warmup, tally);
      stats.finish();
      LOG.info("{} job {}: {} ({})", job.feed(), job.id(), outcome, stats);
      return outcome;
    }
  }

  /** The table, once the Spark session is up (the time waited for it is counted). */
  private CandleTable table() {
    if (table == null) {
      long t0 = System.nanoTime();
      SparkSession session = spark.get();
      stats.waitedForSession(System.nanoTime() - t0, spark.tookNanos());
      table = new CandleTable(session, dataDir, settings.mode());
    }
    return table;
  }

  private JobActivityRecorder recorder(UUID id) {
    if (recorder == null) {
      recorder = new JobActivityRecorder(jobs.activity(), id, clock, JobActivityRecorder.EVERY);
    }
    return recorder;
  }

  /** The days to skip: those the store holds complete, none when the job asks to refresh. */
  private HeldDays held(BackfillJob job, Cursor cursor) {
    return job.refresh() ? HeldDays.none() : HeldDays.held(job, cursor.at, dataDir, jobs);
  }

  private Outcome fail(BackfillJob job, Instant at, RuntimeException e) {
    String message = BackfillErrors.failed(job.feed(), at, e, dataDir);
    LOG.error("{} job {}: {}", job.feed(), job.id(), message, e);
    recorder(job.id()).notes(source.notes());
    store.write("record the failure", () -> jobs.fail(job.id(), message));
    return Outcome.FAILED;
  }

  /**
   * Commits what the fetcher hands over (one batch, or several when it is ahead) while it fetches
   * the next ones. The cursor only moves in {@link #commit}, after the rows before it are written
   * and published.
   */
  private Outcome loop(
      BackfillJob job, Cursor cursor, FetchAhead ahead, Warmup warmup, DayTally tally) {
    // The first commit needs the warm-up; batches fetched meanwhile then go in as one.
    long t0 = System.nanoTime();
    warmup.await();
    stats.waitedForWarmup(System.nanoTime() - t0);
    while (true) {
      long t1 = System.nanoTime();
      Fetched fetched = ahead.next(4L * settings.batchRows());
      stats.waitedForFetcher(System.nanoTime() - t1);
      if (fetched.cancelled()) {
        LOG.info("{} job {}: cancel requested at {}", job.feed(), job.id(), fetched.at());
        recorder(job.id()).notes(source.notes());
        store.write("record the cancel", () -> jobs.cancel(job.id()));
        return Outcome.CANCELLED;
      }
      cursor.at = fetched.at();
      cursor.pages = fetched.pages();
      tally.committing(true);
      try {
        commit(job, fetched.batch(), cursor);
      } finally {
        tally.committing(false);
      }
      if (fetched.last()) {
        recorder(job.id()).notes(source.notes());
        store.write("record the completion", () -> jobs.complete(job.id()));
        vacuum(job);
        return Outcome.COMPLETED;
      }
    }
  }

  /**
   * Deletes the data files replaced longer than the retention ago. It runs after the job row says
   * completed: the data is committed and published whatever happens here, so a failure is logged
   * and the job stays completed.
   */
  private void vacuum(BackfillJob job) {
    long t0 = System.nanoTime();
    try {
      boolean ran = table().vacuum(settings.vacuumRetention());
      LOG.info(
          "{} job {}: {} (retention {}) in {} ms",
          job.feed(),
          job.id(),
          ran ? "vacuumed the table" : "nothing to vacuum: no data file older than the retention",
          settings.vacuumRetention(),
          (System.nanoTime() - t0) / 1_000_000);
      stats.vacuumed(System.nanoTime() - t0);
    } catch (RuntimeException e) {
      LOG.warn(
          "{} job {}: could not vacuum the table: {}",
          job.feed(),
          job.id(),
          ProviderErrors.oneLine(String.valueOf(e)),
          e);
    }
  }

  private void commit(BackfillJob job, Batch batch, Cursor cursor) {
    if (!batch.isEmpty()) {
      long t0 = System.nanoTime();
      TableCommit commit = table().write(job.feed(), batch.byDay());
      long t1 = System.nanoTime();
      TimeRange asked = new TimeRange(job.range().start(), cursor.at);
      publisher.publish(
          job.feed(),
          commit.version(),
          commit.days(),
          day -> DayNotes.of(day, asked, source.origin(day), source.unasked(day)),
          commit.dayFiles());
      stats.committed(batch.size(), t1 - t0, System.nanoTime() - t1);
      recorder(job.id()).notes(source.notes());
      cursor.records += batch.size();
      LOG.info(
          "{} job {}: committed {} rows, {} day(s), version {}, cursor {}",
          job.feed(),
          job.id(),
          batch.size(),
          commit.days().size(),
          commit.version(),
          cursor.at);
    }
    long recording = System.nanoTime();
    if (!store.write(
        "record the progress",
        () -> jobs.updateProgress(job.id(), cursor.at, cursor.records, cursor.pages))) {
      throw BackfillErrors.lostJob(job.id());
    }
    recordDays(job, batch, cursor);
    stats.recordedProgress(System.nanoTime() - recording);
    batch.clear();
  }

  /** The days the batch skipped (already held) and those it fetched to their end (confirmed). */
  private void recordDays(BackfillJob job, Batch batch, Cursor cursor) {
    int skipped = batch.skippedDays();
    if (skipped > 0) {
      store.write(
          "count skipped days", () -> jobs.activity().skipped(job.id(), skipped, cursor.at));
    }
    if (!batch.finishedDays().isEmpty()) {
      store.write(
          "confirm the days fetched whole",
          () -> {
            jobs.feedDays().confirm(job.feed(), batch.finishedDays(), job.id());
            return true;
          });
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
