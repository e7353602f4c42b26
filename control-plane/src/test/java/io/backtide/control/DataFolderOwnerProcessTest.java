package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.control.backfill.LaunchSettings;
import io.backtide.control.testing.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two {@link Main} processes on one data folder: the second refuses, the first runs on. */
class DataFolderOwnerProcessTest {
  private static final Pattern URL = Pattern.compile("Backtide control plane: (http://\\S+)/");

  @Test
  void secondControlPlaneOnALiveDataFolderRefusesAndLeavesTheFirstAlone(@TempDir Path dir)
      throws Exception {
    Path feeds = dir.resolve("feeds.json");
    Files.writeString(feeds, "{\"feeds\": [{\"feed\": \"sim/BTCUSDT/candle/1m\"}]}");
    Process first = process(dir, feeds);
    try {
      URI uri = awaitUrl(first);
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
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                LaunchSettings.currentJava().toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    pb.environment().remove("DB_URL");
    pb.environment().put("PORT", String.valueOf(freePort()));
    pb.environment().put("BACKTIDE_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("FEEDS_FILE", feeds.toString());
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private static URI awaitUrl(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      Matcher url = URL.matcher(line);
      if (url.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
        return URI.create(url.group(1));
      }
    }
    throw new AssertionError("Main exited without printing its URL:\n" + seen);
  }

  private static long postmasterPid(Path dir) throws Exception {
    Path pidFile = dir.resolve("data/postgres/postmaster.pid");
    return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
