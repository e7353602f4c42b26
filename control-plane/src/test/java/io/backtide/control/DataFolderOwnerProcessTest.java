package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.control.testing.Http;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two {@link Main} processes on one data folder: the second refuses, the first runs on. */
class DataFolderOwnerProcessTest {

  @Test
  void secondControlPlaneOnALiveDataFolderRefusesAndLeavesTheFirstAlone(@TempDir Path dir)
      throws Exception {
    Path feeds = dir.resolve("feeds.json");
    Files.writeString(feeds, "{\"feeds\": [{\"feed\": \"sim/BTCUSDT/candle/1m\"}]}");
    Process first = process(dir, feeds);
    try {
      URI uri = MainProcess.awaitUrl(first).uri();
      long postgres = postmasterPid(dir);

      Process second = process(dir, feeds);
      String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second exits").isTrue();

      assertThat(second.exitValue()).isEqualTo(1);
      assertThat(output)
          .contains("is in use by another control plane (pid " + first.pid() + " on host ")
          .doesNotContain("stopping the PostgreSQL");
      assertThat(ProcessHandle.of(postgres).map(ProcessHandle::isAlive))
          .as("the first's PostgreSQL still runs")
          .contains(true);
      var health = new Http(uri).get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"db\":\"ok\"");
    } finally {
      first.destroy();
      first.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private static Process process(Path dir, Path feeds) throws Exception {
    ProcessBuilder pb = MainProcess.builder(dir, feeds);
    return pb.start();
  }

  private static long postmasterPid(Path dir) throws Exception {
    Path pidFile = dir.resolve("data/postgres/postmaster.pid");
    return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
  }
}
