package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.MainProcess.Started;
import io.backtide.control.testing.Http;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.Granularity;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.TestCandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a SIGKILL of the control plane costs no committed work. {@link Main} runs as its own
 * JVM on the embedded PostgreSQL and launches the real job against a fake Binance in this JVM. The
 * control plane is killed after the job's first commit, while the job waits on its next page, and
 * started again on the same data folder; only then does the exchange answer that page.
 */
class ControlPlaneKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant DAY2 = START.plus(Duration.ofDays(1));
  private static final Instant END = START.plus(Duration.ofDays(3));
  private static final Duration LIMIT = Duration.ofMinutes(5);

  @Test
  void aJobOutlivesItsKilledControlPlaneAndKeepsEveryCommit(@TempDir Path dir) throws Exception {
    Path feeds = dir.resolve("feeds.json");
    Files.writeString(
        feeds,
        """
        {"feeds": [{"feed": "binance/BTCUSDT/candle/1m",
                    "options": {"page_size": 1000, "batch_rows": 1440}}]}""");
    CountDownLatch answerDay2 = new CountDownLatch(1);
    ProcessHandle job = null;
    Started second = null;
    try (FakeBinance exchange = FakeBinance.start()) {
      exchange.candles("BTCUSDT", "1m", TestCandles.range(START, END, Granularity.M1, 0));
      exchange.onRequest(n -> holdFromDay2(exchange.requests().get(n - 1), answerDay2));
      // The exchange serves no archive files: every day comes from REST, nothing leaves the host.
      Started first = start(dir, feeds, exchange);
      String id = post(first);
      JsonNode committed = awaitJob(first, id, j -> j.get("records_written").asLong() > 0);
      job = jobProcess(dir, id);
      List<String> fetchedBeforeKill = klines(exchange);

      first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertThat(job.isAlive()).as("the job outlives its control plane").isTrue();
      second = start(dir, feeds, exchange);
      answerDay2.countDown();
      JsonNode done = awaitJob(second, id, j -> !isActive(j));

      assertThat(second.output())
          .as("the embedded database comes back where the job looks for it")
          .contains("reopening the embedded PostgreSQL on its previous port");
      assertThat(Instant.parse(committed.get("cursor_ts").asText())).isEqualTo(DAY2);
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
      assertThat(done.get("attempt").asInt()).as("no second copy was launched").isEqualTo(1);
      assertThat(done.get("records_written").asLong()).isEqualTo(3 * 1440);
      assertThat(klines(exchange).stream().filter(r -> startTime(r).isBefore(DAY2)))
          .as("the committed day was fetched once, before the kill")
          .containsExactlyElementsOf(
              fetchedBeforeKill.stream().filter(r -> startTime(r).isBefore(DAY2)).toList())
          .hasSize(2);
      assertThat(job.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
      assertThat(Files.readString(dir.resolve("data/logs/" + id + ".log")))
          .as("one attempt in the job's log")
          .containsOnlyOnce(" attempt ");
      assertThat(
              IndexFile.read(dir.resolve("data/published/binance/BTCUSDT/candle/1m/_index.json"))
                  .files())
          .extracting(IndexEntry::records)
          .containsExactly(1440L, 1440L, 1440L);
    } finally {
      answerDay2.countDown();
      if (job != null) {
        job.destroyForcibly();
      }
      if (second != null) {
        MainProcess.stop(second.process());
      }
      stopOrphanDatabase(dir.resolve("data/postgres"));
    }
  }

  /** The REST page requests (not the archive's), as {@code path?query}. */
  private static List<String> klines(FakeBinance exchange) {
    return exchange.requests().stream().filter(r -> r.startsWith("/api/v3/klines?")).toList();
  }

  /** A PostgreSQL left behind when the test failed between the kill and the second stop. */
  private static void stopOrphanDatabase(Path dir) throws Exception {
    Path pidFile = dir.resolve("postmaster.pid");
    if (Files.exists(pidFile)) {
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
  }

  /** Holds a page request for day 2 or later until {@code release} (or 3 minutes). */
  private static void holdFromDay2(String request, CountDownLatch release) {
    if (request.contains("startTime=") && !startTime(request).isBefore(DAY2)) {
      try {
        release.await(3, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String post(Started cp) throws Exception {
    var created =
        new Http(cp.uri())
            .post(
                "/reports/backfill",
                """
                {"source": "binance", "subject": "BTCUSDT", "kind": "candle",
                 "granularity": "1m", "start": "2026-01-01", "end": "2026-01-04"}""");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("id").asText();
  }

  private static JsonNode awaitJob(
      Started cp, String id, java.util.function.Predicate<JsonNode> until) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    JsonNode job = null;
    while (System.nanoTime() < deadline) {
      job = JSON.readTree(new Http(cp.uri()).get("/reports/backfill/jobs/" + id).body());
      if (until.test(job)) {
        return job;
      }
      if (!isActive(job)) {
        throw new AssertionError("the job ended before it was expected to: " + job);
      }
      Thread.sleep(250);
    }
    throw new AssertionError("waited " + LIMIT + " for job " + id + ", it is " + job);
  }

  private static boolean isActive(JsonNode job) {
    return List.of("pending", "running").contains(job.get("status").asText());
  }

  private static ProcessHandle jobProcess(Path dir, String id) throws Exception {
    long pid = Long.parseLong(Files.readString(dir.resolve("data/logs/" + id + ".pid")).trim());
    return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no job process " + pid));
  }

  private static Instant startTime(String request) {
    return Instant.ofEpochMilli(Long.parseLong(request.replaceAll(".*startTime=(\\d+).*", "$1")));
  }

  private static Started start(Path dir, Path feeds, FakeBinance exchange) throws Exception {
    ProcessBuilder pb = MainProcess.builder(dir, feeds);
    pb.environment().put("BINANCE_BASE_URL", exchange.url().toString());
    pb.environment().put("BINANCE_ARCHIVE_URL", exchange.url().toString());
    pb.environment().put("BACKFILL_CLASSPATH", RunningControlPlane.sparkJobClasspath());
    // A busy machine's Spark start-up must not look like a dead job to recovery.
    pb.environment().put("STALE_AFTER", "10m");
    return MainProcess.start(pb);
  }
}
