package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RunningControlPlane;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real Spark job launched by the control plane, looked at as another local user or a machine on
 * the network would: its command line and log carry no password, and in local mode it listens on
 * loopback only. Linux only (reads {@code /proc}).
 */
class JobProcessExposureTest {
  private static final String URL_SECRET = "url-secret-4711";
  private static final String ENV_SECRET = "env-secret-0815";
  private static final Duration SPARK_START = Duration.ofMinutes(4);
  private static final String BODY =
      """
      {"source": "sim", "subject": "BTCUSDT", "kind": "candle", "granularity": "1m",
       "start": "2025-01-01", "end": "2026-01-01"}""";

  @Test
  void theJobsCommandLineAndLogHoldNoPasswordAndItListensOnLoopbackOnly() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
    try (RunningControlPlane cp =
        RunningControlPlane.builder().launcher(JobProcessExposureTest::withSecrets).start()) {
      assumeTrue(cp.launcher().notReady().isEmpty(), "spark-jobs is not built");
      var created = cp.http().post("/reports/backfill", BODY);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = new ObjectMapper().readTree(created.body()).get("id").asText();
      long pid = Long.parseLong(Files.readString(cp.dataDir().resolve("logs/" + id + ".pid")));

      String commandLine =
          Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
      assertThat(commandLine).contains(id).doesNotContain(URL_SECRET, ENV_SECRET, "--db-url");

      List<InetAddress> listening = waitForSparkSockets(pid);
      assertThat(listening)
          .as("addresses the job JVM listens on")
          .hasSizeGreaterThanOrEqualTo(2)
          .allMatch(InetAddress::isLoopbackAddress);

      String log = Files.readString(cp.dataDir().resolve("logs/" + id + ".log"));
      assertThat(log).contains(id).doesNotContain(URL_SECRET, ENV_SECRET);
    }
  }

  /** The real launcher, with a password in the JDBC URL and one in DB_PASSWORD. */
  private static JobLauncher withSecrets(LaunchSettings s) {
    String url = s.dbUrl() + (s.dbUrl().contains("?") ? "&" : "?") + "password=" + URL_SECRET;
    LaunchSettings secret =
        new LaunchSettings(
            s.dataDir(),
            s.logDir(),
            url,
            s.dbUser(),
            ENV_SECRET,
            s.binanceBaseUrl(),
            s.binanceArchiveUrl(),
            s.classpath(),
            s.javaBin());
    return new ProcessJobLauncher(
        secret, new JobCommand(secret, Optional.empty()), Clock.systemUTC());
  }

  /** Polls until Spark's driver RPC and block manager listen (two sockets or more). */
  private static List<InetAddress> waitForSparkSockets(long pid) throws Exception {
    Instant deadline = Instant.now().plus(SPARK_START);
    List<InetAddress> found = List.of();
    while (Instant.now().isBefore(deadline)) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
          .as("job process %d alive", pid)
          .contains(true);
      found = listeningAddresses(pid);
      if (found.size() >= 2) {
        return found;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the job did not start Spark within " + SPARK_START + ": " + found);
  }

  /** Local addresses of the LISTEN sockets among the process's open files. */
  static List<InetAddress> listeningAddresses(long pid) throws IOException {
    Set<String> inodes = new TreeSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    List<InetAddress> out = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Path.of("/proc/" + pid + "/net/" + table);
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        boolean listen = "0A".equals(f[3]);
        if (listen && inodes.contains(f[9])) {
          out.add(address(f[1].substring(0, f[1].indexOf(':'))));
        }
      }
    }
    return out;
  }

  /** /proc/net/tcp{,6} write addresses as 32-bit words in host (little-endian) order. */
  private static InetAddress address(String hex) throws IOException {
    byte[] raw = HexFormat.of().parseHex(hex);
    for (int word = 0; word < raw.length; word += 4) {
      for (int i = 0; i < 2; i++) {
        byte b = raw[word + i];
        raw[word + i] = raw[word + 3 - i];
        raw[word + 3 - i] = b;
      }
    }
    return InetAddress.getByAddress(raw);
  }
}
