package io.backtide.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.backfill.JobMain;
import io.backtide.jobs.bulk.BulkBackfillApp;
import io.backtide.jobs.table.CandleTable;
import io.backtide.jobs.testing.ChildJvm;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.PublishedFiles;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobstore.BackfillChunk;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import io.backtide.jobstore.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Delta table on {@code s3a://} for real: S3Proxy on loopback (scripts/s3-server.sh, its
 * in-memory store), a bucket, a bulk backfill in a child JVM whose S3 credentials come from its
 * environment, killed (SIGKILL) after its first wave and run again: the published files equal a
 * local run's. Slow on a loaded machine: every wave is a Delta commit through S3A.
 */
class BulkBackfillOnObjectStorageTest {
  private static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("binance/ETHUSDT/candle/1m");
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final TimeRange RANGE = new TimeRange(START, START.plus(Duration.ofDays(2)));
  private static final String KEY = "backtide-test";
  private static final String SECRET = "backtide-test-secret";
  private static final String BUCKET = "backtide";
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir static Path dir;
  private static TestDatabase db;
  private static FakeBinance exchange;
  private static Map<String, String> s3Env;
  private static URI endpoint;

  @BeforeAll
  static void setUp() throws Exception {
    db = TestDatabase.create();
    exchange = FakeBinance.start();
    exchange.candles("BTCUSDT", "1m", TestCandles.range(START, RANGE.end(), Granularity.M1, 0));
    exchange.candles("ETHUSDT", "1m", TestCandles.range(START, RANGE.end(), Granularity.M1, 7));
    s3Env =
        Map.of(
            "S3_DIR",
            dir.resolve("s3").toString(),
            "S3_PORT",
            String.valueOf(freePort()),
            "AWS_ACCESS_KEY_ID",
            KEY,
            "AWS_SECRET_ACCESS_KEY",
            SECRET);
    endpoint = URI.create(script("start").strip());
    try (S3Client s3 = s3()) {
      s3.createBucket(b -> b.bucket(BUCKET));
    }
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      script("stop");
    } finally {
      exchange.close();
      db.close();
    }
  }

  @Test
  void tableOnS3aKilledAfterItsFirstChunkResumesAndPublishesWhatALocalRunPublishes()
      throws Exception {
    Path local = dir.resolve("local-data");
    BackfillJob localJob = jobs().create(BTC, RANGE);
    assertThat(runLocal(localJob.id(), local)).isZero();

    Path data = dir.resolve("s3-data");
    BackfillJob job = jobs().create(BTC, RANGE);
    exchange.delay(Duration.ofMillis(300)); // so that the kill lands between waves
    ChildJvm first = bulkOnS3(job.id(), data, "bulk-s3-1");
    awaitFirstChunk(job.id(), first);
    ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
    first.waitFor(Duration.ofSeconds(30));
    List<BackfillChunk> afterKill = chunks().list(job.id());
    assertThat(afterKill).as("killed mid-run").anyMatch(BackfillChunk::done);
    assertThat(afterKill).as("killed mid-run").anyMatch(c -> !c.done());
    exchange.delay(Duration.ZERO);

    ChildJvm second = bulkOnS3(job.id(), data, "bulk-s3-2");

    assertThat(second.waitFor(Duration.ofMinutes(12))).as(second.logTail(60)).isZero();
    assertThat(PublishedFiles.sha256(data)).hasSize(4).isEqualTo(PublishedFiles.sha256(local));
    BackfillJob done = jobs().findById(job.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(chunks().list(job.id())).hasSize(4).allMatch(BackfillChunk::done);
    assertThat(done.recordsWritten()).isEqualTo(4 * 1440);
    try (S3Client s3 = s3()) {
      List<String> keys =
          s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("candles/")).contents().stream()
              .map(S3Object::key)
              .toList();
      assertThat(keys).anyMatch(k -> k.startsWith("candles/_delta_log/") && k.endsWith(".json"));
      assertThat(keys).anyMatch(k -> k.endsWith(".parquet"));
      assertThat(keys)
          .as("Delta Kernel checkpointed the table through S3A")
          .contains("candles/_delta_log/_last_checkpoint")
          .anyMatch(k -> k.matches("candles/_delta_log/\\d{20}\\.checkpoint\\.parquet"));
      assertThat(second.logTail(100_000))
          .contains("(KERNEL)")
          .doesNotContain("could not checkpoint");
    }
    assertThat(data.resolve("delta")).as("the table is not on the local disk").doesNotExist();
  }

  private static ChildJvm bulkOnS3(UUID job, Path data, String name) {
    List<String> jvm =
        List.of(
            "-Xmx1g",
            "-D" + CandleTable.CHECKPOINT_EVERY_PROPERTY + "=1", // checkpoints on S3 too
            "-Dspark.hadoop.fs.s3a.endpoint=" + endpoint,
            "-Dspark.hadoop.fs.s3a.endpoint.region=us-east-1",
            "-Dspark.hadoop.fs.s3a.path.style.access=true",
            "-Dspark.hadoop.fs.s3a.connection.ssl.enabled=false",
            "-Dspark.hadoop.fs.s3a.aws.credentials.provider="
                + "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider");
    List<String> args = new ArrayList<>(bulkArgs(job, data));
    args.addAll(List.of("--table-uri", "s3a://" + BUCKET + "/candles"));
    return ChildJvm.start(
        name,
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .toList(),
        jvm,
        BulkBackfillApp.class.getName(),
        args,
        Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET),
        dir.resolve("logs").resolve(name + ".log"));
  }

  private static int runLocal(UUID job, Path data) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        JobMain.run(
            BulkBackfillApp.APP,
            bulkArgs(job, data).toArray(String[]::new),
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err));
    assertThat(err.toString()).isEmpty();
    return code;
  }

  private static List<String> bulkArgs(UUID job, Path data) {
    return List.of(
        "--job-id",
        job.toString(),
        "--feeds",
        BTC + "," + ETH,
        "--data-dir",
        data.toString(),
        "--db-url",
        db.url(),
        "--provider-url",
        exchange.url().toString(),
        "--chunk-days",
        "1",
        "--wave-chunks",
        "2",
        "--master",
        "local[2]");
  }

  private static void awaitFirstChunk(UUID job, ChildJvm process) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(12).toNanos();
    while (chunks().list(job).stream().noneMatch(BackfillChunk::done)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("no chunk done; log:\n" + process.logTail(60));
      }
      Thread.sleep(100);
    }
  }

  private static S3Client s3() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
        .build();
  }

  /** {@code scripts/s3-server.sh <command>} with this test's folder, port and identity. */
  private static String script(String command) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(ROOT.resolve("scripts/s3-server.sh").toString(), command)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(s3Env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("scripts/s3-server.sh %s", command).isZero();
    return out;
  }

  private static BackfillJobRepository jobs() {
    return new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
  }

  private static BackfillChunkRepository chunks() {
    return new BackfillChunkRepository(db.dataSource(), Clock.systemUTC());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
