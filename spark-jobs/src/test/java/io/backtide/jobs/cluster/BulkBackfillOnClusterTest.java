package io.backtide.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.backfill.BackfillApp;
import io.backtide.jobs.backfill.JobMain;
import io.backtide.jobs.bulk.BulkBackfillApp;
import io.backtide.jobs.testing.ChildJvm;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.PublishedFiles;
import io.backtide.jobs.testing.SparkHome;
import io.backtide.jobs.testing.StandaloneCluster;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestJars;
import io.backtide.jobstore.BackfillChunk;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import io.backtide.jobstore.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk backfill of two feeds submitted to a real standalone master and worker, against the
 * loopback fake exchange: its published files are byte-identical to single-feed local-mode runs.
 */
class BulkBackfillOnClusterTest {
  private static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("binance/ETHUSDT/candle/1m");
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final TimeRange RANGE = new TimeRange(START, START.plus(Duration.ofDays(2)));

  @TempDir static Path dir;
  private static TestDatabase db;
  private static FakeBinance exchange;
  private static StandaloneCluster cluster;

  @BeforeAll
  static void setUp() {
    db = TestDatabase.create();
    exchange = FakeBinance.start();
    exchange.candles(
        "BTCUSDT", "1m", TestCandles.range(RANGE.start(), RANGE.end(), Granularity.M1, 0));
    exchange.candles(
        "ETHUSDT", "1m", TestCandles.range(RANGE.start(), RANGE.end(), Granularity.M1, 7));
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 1, SparkHome.classpathOfThisJvm());
  }

  @AfterAll
  static void tearDown() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      exchange.close();
      db.close();
    }
  }

  @Test
  void bulkRunOnTheClusterPublishesTheSameFilesAsLocalRuns() throws Exception {
    Path local = dir.resolve("local-data");
    for (FeedKey feed : List.of(BTC, ETH)) {
      assertThat(runLocal(feed, local)).isZero();
    }
    Path clustered = dir.resolve("cluster-data");
    BackfillJob job = jobs().create(BTC, RANGE);

    ChildJvm submit = cluster.submit("bulk", submitArgs(job.id(), clustered));

    assertThat(submit.waitFor(Duration.ofMinutes(4))).as(submit.logTail(80)).isZero();
    Map<String, String> expected = PublishedFiles.sha256(local);
    assertThat(expected).hasSize(4);
    assertThat(PublishedFiles.sha256(clustered)).isEqualTo(expected);
    BackfillJob done = jobs().findById(job.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.recordsWritten()).isEqualTo(4 * 1440);
    List<BackfillChunk> chunks =
        new BackfillChunkRepository(db.dataSource(), Clock.systemUTC()).list(job.id());
    assertThat(chunks).hasSize(4).allMatch(BackfillChunk::done);
    assertThat(chunks).extracting(BackfillChunk::recordsWritten).containsOnly(1440L);
    assertThat(cluster.state().path("completedapps").get(0).path("name").asText())
        .isEqualTo("backtide-bulk-backfill");
  }

  private static int runLocal(FeedKey feed, Path dataDir) {
    BackfillJob job = jobs().create(feed, RANGE);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        JobMain.run(
            BackfillApp.APP,
            new String[] {
              "--job-id", job.id().toString(), "--data-dir", dataDir.toString(),
              "--db-url", db.url(), "--provider-url", exchange.url().toString(),
              "--archive", "false", "--master", "local[2]"
            },
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err));
    assertThat(err.toString()).isEmpty();
    return code;
  }

  private static List<String> submitArgs(UUID job, Path dataDir) throws Exception {
    Path appJar =
        TestJars.ofFolders(
            dir.resolve("backtide-spark-jobs.jar"),
            List.of(TestJars.locationOf(BulkBackfillApp.class)));
    return List.of(
        "--class",
        BulkBackfillApp.class.getName(),
        "--conf",
        "spark.executor.memory=768m",
        appJar.toString(),
        "--job-id",
        job.toString(),
        "--feeds",
        BTC + "," + ETH,
        "--start",
        RANGE.start().toString(),
        "--end",
        RANGE.end().toString(),
        "--data-dir",
        dataDir.toString(),
        "--db-url",
        db.url(),
        "--provider-url",
        exchange.url().toString(),
        "--chunk-days",
        "1",
        "--wave-chunks",
        "2",
        "--rate-limit",
        "binance=6000");
  }

  private static BackfillJobRepository jobs() {
    return new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
  }
}
