package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backtide.backtest.examples.MomentumTracker;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.backfill.Backfill;
import io.backtide.jobs.backfill.RunSettings;
import io.backtide.jobs.backfill.SparkSessions;
import io.backtide.jobs.provider.sim.SimSource;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real backfill job (sim provider, real PostgreSQL, Delta) publishes two days; a loopback
 * server serves its published folder the way the coordinator does; the client pulls them and the
 * runner replays them with the momentum tracker.
 */
class BackfillEndToEndTest {

  static final FeedKey FEED = FeedKey.parse("sim/BTCUSDT/candle/1m");
  static final TimeRange RANGE = TimeRange.parse("2026-01-01", "2026-01-03");

  @TempDir Path dir;

  @Test
  void filesFromTheRealBackfillJobReplayEndToEnd() throws Exception {
    Path data = dir.resolve("data");
    SparkSession spark =
        SparkSessions.configure(
                org.apache.spark.sql.classic.SparkSession.builder()
                    .master("local[2]")
                    .appName("e2e"))
            .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
            .getOrCreate();
    try (TestDatabase db = TestDatabase.create()) {
      var jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
      BackfillJob job = jobs.create(FEED, RANGE);
      new Backfill(
              spark,
              data,
              jobs,
              new SimSource(OptionalLong.of(42)),
              RunSettings.defaults(),
              Clock.systemUTC())
          .run(job.id());
      Path published = data.resolve("published");
      HttpServer server = serve(published);
      try {
        URI coordinator = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        List<DataFile> pulled =
            new BacktestClient(coordinator, dir.resolve("cache"))
                .pull(FEED, "2026-01-01", "2026-01-03");
        BacktestResult result =
            BacktestRunner.builder(new MomentumTracker())
                .feed(FEED)
                .cacheDir(dir.resolve("cache"))
                .spark(spark)
                .build()
                .run("2026-01-01", "2026-01-03");

        assertThat(pulled)
            .extracting(f -> f.date().toString())
            .containsExactly("2026-01-01", "2026-01-02");
        assertThat(result.dataVersion())
            .extracting(DataFile::sha256)
            .containsExactlyElementsOf(indexHashes(published).values());
        assertThat(result.candles()).isEqualTo(2 * 1440);
        assertThat(result.metrics())
            .containsEntry("predictions", 2 * 1440 - 119)
            .containsEntry("unresolved", 1)
            .containsEntry("failed", 0)
            .containsEntry("scored", 2 * 1440 - 120)
            .containsEntry("tick_failures", 0);
        assertThat(result.metric("hit_rate")).isBetween(0.0, 1.0);
        assertThat(result.metric("score_anchor")).isBetween(-1.0, 1.0);
      } finally {
        server.stop(0);
      }
    } finally {
      spark.stop();
    }
  }

  /** The coordinator's two data routes over the job's published folder, the feed's index. */
  static HttpServer serve(Path published) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/data/backfill/",
        ex -> {
          String rest = ex.getRequestURI().getPath().substring("/data/backfill/".length());
          Path file =
              published
                  .resolve(rest.equals("index") ? FEED.path() + "/_index.json" : rest)
                  .normalize();
          if (!file.startsWith(published) || !Files.isRegularFile(file)) {
            send(ex, 404, new byte[0]);
          } else {
            send(ex, 200, Files.readAllBytes(file));
          }
        });
    server.start();
    return server;
  }

  static Map<String, String> indexHashes(Path published) throws IOException {
    JsonNode files =
        new ObjectMapper()
            .readTree(published.resolve(FEED.path() + "/_index.json").toFile())
            .get("files");
    return StreamSupport.stream(files.spliterator(), false)
        .filter(f -> f.get("path").asText().startsWith(FEED.path()))
        .collect(
            Collectors.toMap(
                f -> f.get("date").asText(),
                f -> f.get("sha256").asText(),
                (a, b) -> a,
                java.util.TreeMap::new));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
