package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.jobs.backfill.JobHeartbeat;
import io.backtide.jobs.backfill.Outcome;
import io.backtide.jobs.publish.Publisher;
import io.backtide.jobs.table.CandleTable;
import io.backtide.jobs.table.FeedDays;
import io.backtide.jobs.table.SparkColumns;
import io.backtide.jobs.table.WriteMode;
import io.backtide.jobstore.BackfillChunk;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk mode: several feeds (or one long range) split into chunks that the executors fetch in
 * parallel; each wave of chunks is committed to the Delta table in one write, its days published,
 * and its chunks marked done, so a rerun fetches only what is missing. The job row carries status,
 * heartbeat, counters and a cursor: the end of the slowest feed's finished prefix.
 */
public final class BulkBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(BulkBackfill.class);

  /** A wave may fetch for minutes: the heartbeat shows the control plane the job is alive. */
  static final java.time.Duration HEARTBEAT_EVERY = java.time.Duration.ofSeconds(5);

  private final SparkSession spark;
  private final Path dataDir;
  private final BackfillJobRepository jobs;
  private final BackfillChunkRepository chunks;
  private final BulkSettings settings;
  private final Clock clock;
  private CandleTable table;

  public BulkBackfill(
      SparkSession spark,
      Path dataDir,
      BackfillJobRepository jobs,
      BackfillChunkRepository chunks,
      BulkSettings settings,
      Clock clock) {
    this.spark = spark;
    this.dataDir = dataDir;
    this.jobs = jobs;
    this.chunks = chunks;
    this.settings = settings;
    this.clock = clock;
  }

  /** Runs job {@code id} to completion, cancellation or failure (recorded in the job row). */
  public Outcome run(UUID id) {
    BackfillJob job =
        jobs.findById(id).orElseThrow(() -> BulkErrors.jobMismatch(id, "does not exist"));
    if (!jobs.markRunning(id)) {
      throw BulkErrors.jobMismatch(id, "is " + job.status().code() + ", not pending or running");
    }
    try {
      List<BackfillChunk> planned = new ArrayList<>();
      for (Chunk c : BulkPlan.chunks(settings.feeds(), job.range(), settings.chunkDays())) {
        planned.add(BackfillChunk.planned(id, c.feedKey(), c.range()));
      }
      chunks.plan(planned);
      List<BackfillChunk> pending = chunks.list(id).stream().filter(c -> !c.done()).toList();
      chunks.release(pending); // running or failed in an earlier attempt: fetched again now
      LOG.info("bulk job {}: {} chunks, {} to fetch", id, planned.size(), pending.size());
      try (JobHeartbeat beat = JobHeartbeat.start(jobs, id, HEARTBEAT_EVERY)) {
        return waves(job, pending);
      }
    } catch (Exception e) { // SparkException is checked, but Scala code throws it anyway
      String message = "bulk backfill of " + settings.feeds() + " failed: " + rootMessage(e);
      LOG.error("bulk job {}: {}", id, message, e);
      jobs.fail(id, message);
      return Outcome.FAILED;
    } finally {
      // Once the outcome is recorded: the table's background checkpoint, or one now due.
      if (table != null) {
        table.finishCheckpoints();
      }
    }
  }

  private Outcome waves(BackfillJob job, List<BackfillChunk> pending) {
    for (int i = 0; i < pending.size(); i += settings.waveChunks()) {
      if (jobs.shouldStop(job.id())) {
        jobs.cancel(job.id());
        return Outcome.CANCELLED;
      }
      List<BackfillChunk> wave =
          pending.subList(i, Math.min(pending.size(), i + settings.waveChunks()));
      chunks.markRunning(wave);
      try {
        wave(job, wave);
      } catch (Exception e) { // SparkException is checked, but Scala code throws it anyway
        ChunkFailures.record(chunks, wave, e);
        throw e;
      }
    }
    jobs.complete(job.id());
    return Outcome.COMPLETED;
  }

  /** Fetches the wave's chunks on the executors, commits them in one write, publishes the days. */
  private void wave(BackfillJob job, List<BackfillChunk> wave) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    CollectionAccumulator<String> pages = sc.sc().collectionAccumulator("bulk-pages");
    CollectionAccumulator<String> origins = sc.sc().collectionAccumulator("bulk-origins");
    CollectionAccumulator<String> sourceNotes = sc.sc().collectionAccumulator("bulk-notes");
    Dataset<Row> incoming =
        fetched(sc, wave, pages, origins, sourceNotes).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long count = incoming.count();
      note(job, sourceNotes.value());
      FeedDays days = FeedDays.present(incoming);
      Publisher publisher = new Publisher(dataDir, clock);
      WaveNotes notes = WaveNotes.of(wave, origins.value());
      long version =
          days.isEmpty()
              ? -1
              : table()
                  .write(
                      incoming,
                      days,
                      (feed, v, rows) ->
                          publisher.publish(feed, v, rows, day -> notes.of(feed, day)));
      chunks.markDone(counted(wave, pages.value()), Math.max(version, 0));
      progress(job);
      LOG.info(
          "bulk job {}: wave of {} chunks, {} rows, version {}",
          job.id(),
          wave.size(),
          count,
          version);
    } finally {
      incoming.unpersist();
    }
  }

  /** The wave's rows in the table's layout, one task per chunk, paced to the rate limits. */
  private Dataset<Row> fetched(
      JavaSparkContext sc,
      List<BackfillChunk> wave,
      CollectionAccumulator<String> pages,
      CollectionAccumulator<String> origins,
      CollectionAccumulator<String> sourceNotes) {
    int slots = Math.max(1, Math.min(wave.size(), sc.defaultParallelism()));
    ChunkFetcher fetcher = new ChunkFetcher(settings, slots, pages, origins, sourceNotes);
    List<Chunk> tasks = wave.stream().map(c -> Chunk.of(c.feed(), c.range())).toList();
    JavaRDD<Row> rows =
        sc.parallelize(tasks, tasks.size()).flatMap(c -> fetcher.fetch(c).iterator());
    return spark.createDataFrame(rows, SparkColumns.TABLE);
  }

  /** Shows the chunks' sources' notes with the job (each once; a failed write is logged). */
  private void note(BackfillJob job, List<String> notes) {
    for (String note : new LinkedHashSet<>(notes)) {
      try {
        jobs.activity().note(job.id(), note);
      } catch (RuntimeException e) {
        LOG.warn("bulk job {}: could not record the note \"{}\": {}", job.id(), note, e.toString());
      }
    }
  }

  /** The job's table: {@code --table-uri}, or the one under the data root. */
  private CandleTable table() {
    if (table == null) {
      table =
          settings
              .tableUri()
              .map(uri -> new CandleTable(spark, uri, dataDir, WriteMode.REBUILD))
              .orElseGet(() -> new CandleTable(spark, dataDir, WriteMode.REBUILD));
    }
    return table;
  }

  /** The wave's chunks with the row and page counts their tasks reported. */
  private static List<BackfillChunk> counted(List<BackfillChunk> wave, List<String> reports) {
    Map<String, long[]> counts = new HashMap<>();
    for (String report : reports) {
      String[] p = report.split("\\|");
      counts.put(p[0] + "|" + p[1], new long[] {Long.parseLong(p[2]), Long.parseLong(p[3])});
    }
    List<BackfillChunk> out = new ArrayList<>();
    for (BackfillChunk c : wave) {
      long[] n = counts.getOrDefault(c.feed() + "|" + c.range().start(), new long[2]);
      out.add(
          new BackfillChunk(
              c.jobId(), c.feed(), c.range(), false, n[1], n[0], OptionalLong.empty()));
    }
    return out;
  }

  /** Totals over done chunks; cursor = end of the slowest feed's prefix of done chunks. */
  private void progress(BackfillJob job) {
    List<BackfillChunk> all = chunks.list(job.id());
    long records = 0;
    long pages = 0;
    Map<FeedKey, Instant> prefix = new HashMap<>();
    Map<FeedKey, Boolean> broken = new HashMap<>();
    for (BackfillChunk c : all) {
      records += c.recordsWritten();
      pages += c.pagesFetched();
      prefix.putIfAbsent(c.feed(), job.range().start());
      if (c.done()
          && !broken.getOrDefault(c.feed(), false)
          && c.range().start().equals(prefix.get(c.feed()))) {
        prefix.put(c.feed(), c.range().end());
      } else if (!c.done()) {
        broken.put(c.feed(), true);
      }
    }
    Instant cursor = prefix.values().stream().min(Instant::compareTo).orElse(job.range().start());
    if (!jobs.updateProgress(job.id(), cursor, records, pages)) {
      throw BulkErrors.jobMismatch(job.id(), "is no longer running (cancelled or taken over)");
    }
  }

  private static String rootMessage(Throwable e) {
    String best = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(" chunk ")) {
        best = t.getMessage();
      }
    }
    return best;
  }
}
