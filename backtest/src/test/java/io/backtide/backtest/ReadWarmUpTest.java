package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.backtest.internal.CacheLayout;
import io.backtide.backtest.internal.ReadWarmUp;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read warm-up: one Spark read of the range's first checked day file while the rest is checked,
 * only for ranges long enough to hide it, never of a damaged file, and never failing the run.
 */
class ReadWarmUpTest {
  static final FeedKey FEED = FeedKey.parse("sim/WARM/candle/1m");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final TimeRange TEN_DAYS = new TimeRange(T0, T0.plus(Duration.ofDays(10)));

  @TempDir static Path dir;
  static SparkSession spark;
  static Path cache;
  static final ConcurrentLinkedQueue<String> jobs = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void pullTenDays() throws IOException {
    spark = TestSpark.start(dir);
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onJobStart(SparkListenerJobStart start) {
                String description = start.properties().getProperty("spark.job.description");
                jobs.add(description == null ? "job " + start.jobId() : description);
              }
            });
    List<Bar> bars = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      bars.addAll(DayFiles.series(T0.plus(Duration.ofDays(d)), Duration.ofHours(6), 1, 2, 3, 4));
    }
    Path published = dir.resolve("published");
    try (FakeCoordinator coordinator =
        new FakeCoordinator().putAll(published, DayFiles.write(spark, published, FEED, bars))) {
      cache = dir.resolve("cache");
      new BacktestClient(coordinator.uri(), cache).pull(FEED, TEN_DAYS);
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @BeforeEach
  void forgetJobs() throws InterruptedException {
    jobsBeforeMarker();
  }

  @Test
  void longRangeRunsTheReadOnceBeforeTheRunNeedsIt() throws Exception {
    warm(TEN_DAYS);

    assertThat(jobsBeforeMarker()).as("Spark jobs of the warm-up").isNotEmpty();
  }

  @Test
  void longRangeAlsoRunsAJobOfOneTaskThatDecodesTheFirstDay() throws Exception {
    warm(TEN_DAYS);

    assertThat(jobsBeforeMarker()).as("the scheduler's warm-up job and the query's").hasSize(2);
  }

  @Test
  void shortRangeIsNotWarmed() throws Exception {
    warm(new TimeRange(T0, T0.plus(Duration.ofDays(7))));

    assertThat(jobsBeforeMarker()).as("Spark jobs of the warm-up").isEmpty();
  }

  @Test
  void damagedFirstDayIsNotReadAndTheWarmUpStillEnds() throws Exception {
    Path damaged = dir.resolve("damaged");
    copy(cache, damaged);
    Path first = new CacheLayout(damaged).file(FEED, LocalDate.parse("2026-01-01"));
    Files.write(first, new byte[] {1, 2, 3});

    ReadWarmUp.await(
        ReadWarmUp.start(
            CompletableFuture.completedFuture(spark),
            new CacheLayout(damaged),
            FEED,
            TEN_DAYS,
            Runnable::run));

    assertThat(jobsBeforeMarker()).as("Spark jobs of the warm-up").isEmpty();
  }

  @Test
  void sessionThatFailsToStartLeavesTheErrorToTheRun() {
    CompletableFuture<Void> warmUp =
        ReadWarmUp.start(
            CompletableFuture.failedFuture(new IllegalStateException("no session")),
            new CacheLayout(cache),
            FEED,
            TEN_DAYS,
            Runnable::run);

    ReadWarmUp.await(warmUp);
    assertThat(warmUp).isCompleted().isNotCompletedExceptionally();
  }

  private static void warm(TimeRange range) {
    ReadWarmUp.await(
        ReadWarmUp.start(
            CompletableFuture.completedFuture(spark),
            new CacheLayout(cache),
            FEED,
            range,
            Runnable::run));
  }

  /**
   * The jobs started since the last call: a marker job runs, and listener events arrive in order,
   * so once the marker is seen every earlier job has been seen too.
   */
  private static List<String> jobsBeforeMarker() throws InterruptedException {
    spark.sparkContext().setJobDescription("marker");
    spark.range(1).count();
    spark.sparkContext().setJobDescription(null);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!jobs.contains("marker") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<String> seen = new ArrayList<>();
    for (String job : jobs) {
      if (job.equals("marker")) {
        break;
      }
      seen.add(job);
    }
    jobs.clear();
    return seen;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
