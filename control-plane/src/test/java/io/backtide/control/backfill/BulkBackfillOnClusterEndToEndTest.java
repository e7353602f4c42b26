package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.Granularity;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.PublishedFiles;
import io.backtide.jobs.testing.StandaloneCluster;
import io.backtide.jobs.testing.TestCandles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk backfill posted to the REST API of a control plane started with {@code SPARK_MASTER}: the
 * control plane submits BulkBackfillApp with SparkSubmit to a real standalone master and worker
 * (spark-jobs' {@link StandaloneCluster}), the chunks complete, and the published files are
 * byte-identical to those of the same request on a control plane in local mode.
 *
 * <p>The cluster's "distribution" is the Spark job's runtime classpath without the jars the control
 * plane ships with {@code --jars} and the application jar (ours and Delta), as on a cluster whose
 * Spark knows nothing of Backtide: the run proves the shipped jars suffice on the executors.
 */
class BulkBackfillOnClusterEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BTC = "binance/BTCUSDT/candle/1m";
  private static final String ETH = "binance/ETHUSDT/candle/1m";
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-01-03T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  private static final Pattern SHIPPED = Pattern.compile("(backtide-|delta-).*\\.jar");
  private static final String BODY =
      """
      {"feeds": ["%s", "%s"], "start": "2026-01-01", "end": "2026-01-03",
       "chunk_days": 1, "wave_chunks": 2}"""
          .formatted(BTC, ETH);

  @TempDir static Path dir;
  private static FakeBinance exchange;
  private static StandaloneCluster cluster;

  @BeforeAll
  static void setUp() {
    exchange =
        FakeBinance.start()
            .candles("BTCUSDT", "1m", TestCandles.range(START, END, Granularity.M1, 0))
            .candles("ETHUSDT", "1m", TestCandles.range(START, END, Granularity.M1, 7));
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 1, clusterDistribution());
  }

  @AfterAll
  static void tearDown() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      exchange.close();
    }
  }

  @Test
  void bulkJobPostedWithSparkMasterRunsOnTheClusterAndPublishesTheLocalRunsFiles()
      throws Exception {
    Map<String, String> local;
    try (RunningControlPlane cp = controlPlane(Optional.empty())) {
      JsonNode bulk = runToTheEnd(cp);
      assertThat(bulk.get("job").get("status").asText()).as(bulk.toString()).isEqualTo("completed");
      local = PublishedFiles.sha256(cp.dataDir());
    }
    assertThat(local).hasSize(4);

    try (RunningControlPlane cp = controlPlane(Optional.of(cluster.masterUrl()))) {
      JsonNode bulk = runToTheEnd(cp);
      String id = bulk.get("job").get("id").asText();

      assertThat(bulk.get("job").get("status").asText()).as(bulk.toString()).isEqualTo("completed");
      assertThat(bulk.get("job").get("records_written").asLong()).isEqualTo(4 * 1440);
      assertThat(bulk.get("chunks_done").asInt()).isEqualTo(4);
      assertThat(bulk.get("chunks"))
          .hasSize(4)
          .allSatisfy(c -> assertThat(c.get("records_written").asLong()).isEqualTo(1440));
      assertThat(PublishedFiles.sha256(cp.dataDir())).isEqualTo(local);
      assertThat(Files.readString(cp.dataDir().resolve("logs/" + id + ".log")))
          .as("the launch line in the job's log")
          .contains("SparkSubmit --master " + cluster.masterUrl());
      assertThat(cluster.state().path("completedapps"))
          .as("the application ran on the cluster (named by the app, not by --name)")
          .extracting(app -> app.path("name").asText())
          .containsExactly("backtide-bulk-backfill");
    }
  }

  private static RunningControlPlane controlPlane(Optional<String> sparkMaster) {
    RunningControlPlane.Builder builder =
        RunningControlPlane.builder().binanceBaseUrl(exchange.url().toString());
    sparkMaster.ifPresent(master -> builder.env("SPARK_MASTER", master));
    return builder.start();
  }

  private static JsonNode runToTheEnd(RunningControlPlane cp) throws Exception {
    var created = cp.http().post("/reports/backfill/bulk", BODY);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("job").get("id").asText();
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      JsonNode bulk = JSON.readTree(cp.http().get("/reports/backfill/bulk/" + id).body());
      String status = bulk.get("job").get("status").asText();
      if (!status.equals("pending") && !status.equals("running")) {
        if (!status.equals("completed")) {
          System.err.println(Files.readString(cp.dataDir().resolve("logs/" + id + ".log")));
        }
        return bulk;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("bulk job " + id + " did not end within " + TIMEOUT);
  }

  /** The Spark job's runtime classpath minus the application jar and what SparkSubmit ships. */
  private static List<Path> clusterDistribution() {
    List<String> entries =
        Arrays.asList(RunningControlPlane.sparkJobClasspath().split(File.pathSeparator));
    assertThat(entries.get(0))
        .as("spark-jobs is packaged (backfill-classpath.txt)")
        .endsWith(".jar");
    return entries.stream()
        .skip(1)
        .map(Path::of)
        .filter(p -> !SHIPPED.matcher(p.getFileName().toString()).matches())
        .toList();
  }
}
