package io.backtide.control;

import io.backtide.control.backfill.LaunchSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Main} as its own JVM, as an operator runs it: this JVM's class path, environment variables
 * only, a free port. The process tests share it.
 */
final class MainProcess {
  private static final Pattern URL = Pattern.compile("Backtide control plane: (http://\\S+)/");

  private MainProcess() {}

  /** A started control plane and what it printed up to its URL. */
  record Started(Process process, URI uri, String output) {}

  /**
   * Main with {@code dir/data} as its data folder and the given feeds file, on a free port, with
   * its output and errors merged. DB_URL, HOST and API_KEY are not inherited, so it runs as a fresh
   * install does: the embedded PostgreSQL, loopback, no key.
   */
  static ProcessBuilder builder(Path dir, Path feeds) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                LaunchSettings.currentJava().toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    pb.environment().remove("DB_URL");
    pb.environment().remove("HOST");
    pb.environment().remove("API_KEY");
    pb.environment().put("PORT", String.valueOf(freePort()));
    pb.environment().put("BACKTIDE_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("FEEDS_FILE", feeds.toString());
    pb.redirectErrorStream(true);
    return pb;
  }

  /** Starts the process and waits for it to print its URL. */
  static Started start(ProcessBuilder pb) throws IOException {
    return awaitUrl(pb.start());
  }

  /**
   * Reads the process's output until it prints its URL, then keeps draining it in the background (a
   * full pipe would block the process); fails with everything it printed when it exits first.
   */
  static Started awaitUrl(Process p) throws IOException {
    StringBuilder seen = new StringBuilder();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      Matcher url = URL.matcher(line);
      if (url.find()) {
        drain(out);
        return new Started(p, URI.create(url.group(1)), seen.toString());
      }
    }
    throw new AssertionError("Main exited without printing its URL:\n" + seen);
  }

  /** SIGTERM, then fails when the process still runs 60 s later (after killing it). */
  static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Main did not stop within 60 s of SIGTERM");
    }
  }

  private static void drain(BufferedReader out) {
    Thread t =
        new Thread(
            () -> {
              try {
                out.lines().forEach(l -> {});
              } catch (UncheckedIOException e) {
                // the process ended and its output closed
              }
            });
    t.setDaemon(true);
    t.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
