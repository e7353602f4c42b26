package io.backtide.jobs.table;

import io.backtide.core.Candle;
import io.backtide.core.DataRoot;
import io.backtide.core.FeedKey;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays the first Delta write's one-off costs (class loading, Hadoop file system set-up, code
 * generation, the Delta log machinery: about 5 s of a 2-core machine) on a background thread while
 * the first batches are being fetched: it creates the job's table unless it exists, then writes two
 * rows into a new throw-away table under {@code data/scratch}. A failure is only logged (the first
 * commit then pays the cost, or reports the error itself). The job waits for it before its first
 * commit, so the two never compete.
 */
public final class Warmup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  private static final FeedKey FEED = FeedKey.parse("warmup/WARMUP/candle/1m");

  private final CompletableFuture<Void> done;

  private Warmup(CompletableFuture<Void> done) {
    this.done = done;
  }

  /**
   * Starts warming up: creates the job's {@code table} unless it exists (that is needed anyway),
   * then writes two rows into a throw-away table under {@code scratchDir}.
   */
  static Warmup start(SparkSession spark, CandleTable table, Path scratchDir) {
    Path dir = scratchDir.resolve("warmup-" + UUID.randomUUID());
    return new Warmup(
        CompletableFuture.runAsync(
                () -> {
                  long t0 = System.nanoTime();
                  table.ensureExists();
                  run(spark, dir);
                  LOG.info("Spark warm-up took {} ms", (System.nanoTime() - t0) / 1_000_000);
                },
                Warmup::daemon)
            .exceptionally(
                e -> {
                  LOG.warn(
                      "Spark warm-up failed (the first commit will be slower): {}", e.toString());
                  return null;
                }));
  }

  /** Blocks until the warm-up has finished (or failed, which is only logged). */
  public void await() {
    if (!done.isDone()) {
      long t0 = System.nanoTime();
      done.join();
      LOG.info("waited {} ms for the Spark warm-up", (System.nanoTime() - t0) / 1_000_000);
    }
    done.join();
  }

  /** Waits for the warm-up, so that it never runs on into a stopping Spark session. */
  @Override
  public void close() {
    await();
  }

  private static void run(SparkSession spark, Path dir) {
    try {
      Instant ts = Instant.parse("2000-01-01T00:00:00Z");
      List<SourceRow> rows =
          List.of(
              new SourceRow(new Candle(ts, 1, 2, 0.5, 1.5, 10), "{}"),
              new SourceRow(new Candle(ts.plusSeconds(60), 1, 2, 0.5, 1.5, 10), "{}"));
      // Never checkpointed: the table is deleted right after.
      new CandleTable(
              spark,
              DataRoot.of(dir).candleTable().toAbsolutePath().toString(),
              dir,
              WriteMode.REBUILD,
              Integer.MAX_VALUE)
          .write(FEED, new TreeMap<>(Map.of(TableRows.day(ts), rows)));
    } finally {
      deleteTree(dir);
    }
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "backfill-warmup");
    thread.setDaemon(true);
    thread.start();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the warm-up folder " + dir, e);
    }
  }
}
