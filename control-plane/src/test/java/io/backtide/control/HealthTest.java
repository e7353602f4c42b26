package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.backtide.control.testing.CapturedLog;
import io.backtide.control.testing.Http;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} answers 503 {@code degraded} when space runs low or the database is gone. */
class HealthTest {

  @Test
  void freeSpaceUnderTheThresholdIsDegraded() throws Exception {
    try (var cp =
        RunningControlPlane.builder()
            .launcher(s -> new RecordingLauncher())
            .env("MIN_FREE_SPACE", "1000000g")
            .start()) {
      HttpResponse<String> r = cp.http().get("/health");

      assertThat(r.statusCode()).isEqualTo(503);
      JsonNode body = Json.mapper().readTree(r.body());
      assertThat(body.get("status").asText()).isEqualTo("degraded");
      assertThat(body.get("db").asText()).isEqualTo("ok");
      assertThat(body.get("data").asText())
          .startsWith("low space: " + body.get("free_bytes").asLong() + " bytes free under ")
          .endsWith("below MIN_FREE_SPACE (" + (1000000L << 30) + " bytes)");
      assertThat(body.get("free_bytes").asLong()).isPositive();
    }
  }

  @Test
  void enoughFreeSpaceIsOkWithTheFigure() throws Exception {
    try (var cp =
        RunningControlPlane.builder()
            .launcher(s -> new RecordingLauncher())
            .env("MIN_FREE_SPACE", "1k")
            .start()) {
      HttpResponse<String> r = cp.http().get("/health");

      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = Json.mapper().readTree(r.body());
      assertThat(body.get("data").asText()).isEqualTo("ok");
      assertThat(body.get("free_bytes").asLong()).isGreaterThan(1024);
    }
  }

  @Test
  void unreachableDatabaseIsDegradedAndEachRecoveryPassLogsOneLine(@TempDir Path dir)
      throws Exception {
    Path feeds = Files.writeString(dir.resolve("feeds.json"), "{\"feeds\": []}");
    ControlPlaneConfig config =
        ControlPlaneConfig.fromEnvironment(
            Map.of(
                "PORT",
                "0",
                "HOST",
                "127.0.0.1",
                "BACKTIDE_DATA_DIR",
                dir.resolve("data").toString(),
                "DB_URL",
                "jdbc:postgresql://127.0.0.1:" + closedPort() + "/backtide",
                "FEEDS_FILE",
                feeds.toString(),
                "RECOVERY_EVERY",
                "1h"),
            dir);
    try (HikariDataSource dead = deadPool(config.dbUrl().orElseThrow());
        CapturedLog log = CapturedLog.of(ControlPlane.class);
        ControlPlane cp =
            ControlPlane.create(config, dead, Clock.systemUTC(), new RecordingLauncher())) {
      cp.start();

      HttpResponse<String> r = new Http(cp.uri()).get("/health");

      assertThat(r.statusCode()).isEqualTo(503);
      JsonNode body = Json.mapper().readTree(r.body());
      assertThat(body.get("status").asText()).isEqualTo("degraded");
      assertThat(body.get("db").asText()).startsWith("error: ");
      assertThat(log.messages())
          .filteredOn(m -> m.startsWith("recovery pass failed"))
          .singleElement()
          .asString()
          .contains("next pass in PT1H: could not ")
          .contains("check that PostgreSQL is reachable");
      assertThat(log.withThrowable()).as("no stack trace").isZero();
    }
  }

  private static HikariDataSource deadPool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setConnectionTimeout(500);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
