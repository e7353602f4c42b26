package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.Candle;
import io.backtide.core.DataRoot;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.table.CandleTable;
import io.backtide.jobs.table.WriteMode;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestSpark;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import io.backtide.jobstore.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * A job killed with SIGKILL while it checkpoints its table on the background thread: the table it
 * leaves reads as the rows committed so far, and the relaunched job completes and checkpoints it.
 */
class CheckpointKillTest {
  static final FeedKey FEED = BackfillProcessTest.FEED;
  static final Instant START = BackfillProcessTest.START;
  static final Instant END = BackfillProcessTest.END;

  @Test
  void killedMidCheckpointLeavesATableDeltaReadsAndTheNextRunCheckpoints(
      @TempDir Path data, @TempDir Path warehouse) throws Exception {
    List<Candle> candles = TestCandles.range(START, END, Granularity.M1, 0);
    // Every commit asks for a checkpoint (one at a time): the first begins after the first commit.
    List<String> everyCommit = List.of("-D" + CandleTable.CHECKPOINT_EVERY_PROPERTY + "=1");
    try (TestDatabase db = TestDatabase.create();
        FakeBinance fake = FakeBinance.start()) {
      fake.candles("BTCUSDT", "1m", candles);
      fake.delay(Duration.ofMillis(20));
      BackfillJobRepository jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
      BackfillJob job = jobs.create(FEED, new TimeRange(START, END));

      Path firstLog = data.resolve("first.log");
      Process first = BackfillProcessTest.launch(job, db, fake, data, everyCommit, firstLog);
      awaitLine(firstLog, "candles: checkpointing version", first);
      Thread.sleep(100); // into the checkpoint: a fresh JVM's first one takes about a second
      assertThat(Files.readString(firstLog))
          .as("still checkpointing")
          .doesNotContain("checkpointed");
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

      SparkSession spark = session(warehouse);
      try {
        CandleTable table = new CandleTable(spark, data, WriteMode.REBUILD);
        // What the kill left of the checkpoint: nothing, a hidden temporary file, or a checkpoint
        // that _last_checkpoint does not name yet. Delta reads the table past any of them.
        System.out.println("CheckpointKillTest: the kill left " + leftovers(data));
        assertThat(rows(table)).as("the rows committed before the kill").isNotEmpty();

        Process second =
            BackfillProcessTest.launch(job, db, fake, data, everyCommit, data.resolve("2.log"));
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).as("resumed run finished").isTrue();
        assertThat(second.exitValue()).isZero();
        assertThat(jobs.findById(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);

        DeltaLog.clearCache();
        assertThat(rows(table)).as("every row once").hasSize(candles.size());
        long checkpoint =
            DeltaLog.forTable(spark, DataRoot.of(data).candleTable().toString())
                .update(false, Option.empty(), Option.empty())
                .checkpointProvider()
                .version();
        assertThat(checkpoint).as("the relaunched job checkpointed").isPositive();
      } finally {
        spark.stop();
      }
    }
  }

  /**
   * The table's candles in time order, each checked against the source candle at its time; fails on
   * a duplicate or a gap.
   */
  private static List<Candle> rows(CandleTable table) {
    List<Candle> stored =
        table.readDays(FEED, days(), table.version()).values().stream()
            .flatMap(day -> day.stream().map(r -> r.candle()))
            .toList();
    List<Candle> expected =
        TestCandles.range(START, END, Granularity.M1, 0).subList(0, stored.size());
    assertThat(stored).as("a prefix of the source, each row once").isEqualTo(expected);
    return stored;
  }

  private static void awaitLine(Path log, String text, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "the child never logged '" + text + "' (alive: " + process.isAlive() + ")");
  }

  private static SparkSession session(Path warehouse) {
    return TestSpark.local("kill", warehouse);
  }

  private static List<String> leftovers(Path data) throws Exception {
    try (Stream<Path> files = Files.list(DataRoot.of(data).candleTable().resolve("_delta_log"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.contains("checkpoint"))
          .sorted()
          .toList();
    }
  }

  private static List<LocalDate> days() {
    return START
        .atZone(ZoneOffset.UTC)
        .toLocalDate()
        .datesUntil(END.atZone(ZoneOffset.UTC).toLocalDate())
        .toList();
  }
}
