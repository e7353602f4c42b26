package io.backtide.backtest.internal;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first Spark query in a JVM pays for loading the Parquet reader's classes and compiling the
 * query's code, seconds on a small machine. While the runner checks a long range's cached files
 * (which needs no Spark), the same query runs once over the range's first day file, itself checked
 * first: the real read then finds its code compiled. Meanwhile, on another thread, a one-task job
 * decodes that file ({@link SchedulerWarmUp}), so that Spark's scheduler, task serialisation and
 * the executor's side of the read are loaded while the query is analysed and planned. A short range
 * has nothing to overlap with, so it is not warmed; a failed warm-up is ignored (the real read
 * reports any problem).
 */
public final class ReadWarmUp {
  /** Ranges with fewer cached days than this are read without a warm-up. */
  static final int MIN_DAYS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(ReadWarmUp.class);

  private ReadWarmUp() {}

  /** Starts the warm-up once {@code session} is up; completes normally even when it fails. */
  public static CompletableFuture<Void> start(
      CompletableFuture<SparkSession> session,
      CacheLayout cache,
      FeedKey feed,
      TimeRange range,
      Executor executor) {
    List<LocalDate> cached =
        range.days().stream().filter(d -> Files.isRegularFile(cache.file(feed, d))).toList();
    if (cached.size() < MIN_DAYS) {
      return CompletableFuture.completedFuture(null);
    }
    return session
        .thenAcceptAsync(
            spark -> warm(spark, cache, feed, range, cached.get(0), executor), executor)
        .exceptionally(e -> null);
  }

  /** Waits for the warm-up to end (it never fails). */
  public static void await(CompletableFuture<Void> warmUp) {
    warmUp.join();
  }

  private static void warm(
      SparkSession spark,
      CacheLayout cache,
      FeedKey feed,
      TimeRange range,
      LocalDate day,
      Executor executor) {
    long started = System.nanoTime();
    Optional<CacheCheck.Result> checked = checked(cache, feed, day);
    if (checked.isEmpty() || checked.get().files().isEmpty()) {
      return;
    }
    CompletableFuture<Void> job =
        CompletableFuture.runAsync(
            () -> SchedulerWarmUp.run(spark, checked.get().files().get(0).path()), executor);
    int candles = CandleReader.readAll(spark, checked.get().files(), range).size();
    job.exceptionally(e -> null).join();
    LOG.debug(
        "{}: read warmed up on {} ({} candles) in {} ms",
        feed,
        day,
        candles,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** The day's file if it passes the check; a damaged one is left to the real check to report. */
  private static Optional<CacheCheck.Result> checked(
      CacheLayout cache, FeedKey feed, LocalDate day) {
    try {
      return Optional.of(CacheCheck.check(cache, feed, List.of(day)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
