package io.backtide.control.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Node script of {@code src/test/browser} that drives the headless Chromium installed by {@code
 * scripts/install-browser.sh}. The browser tests share it.
 */
final class BrowserScript {
  private static final Path DIR = Path.of("src/test/browser");

  private BrowserScript() {}

  /** What a script printed and its exit code (-1: killed at its limit). */
  record Run(int exitCode, String output) {
    /** The steps the script passed: its {@code ok <step>: ...} lines. */
    List<String> passedSteps() {
      List<String> steps = new ArrayList<>();
      for (String line : output.split("\n")) {
        if (line.startsWith("ok ")) {
          steps.add(line.substring(3, line.indexOf(':')));
        }
      }
      return steps;
    }
  }

  /** Fails with the command to run when Chromium or playwright-core is not installed. */
  static void requireBrowser() {
    assertThat(Path.of("/usr/bin/chromium"))
        .as("Debian's chromium is missing: run scripts/install-browser.sh")
        .isExecutable();
    assertThat(DIR.resolve("node_modules/playwright-core/package.json"))
        .as("playwright-core is not installed: run scripts/install-browser.sh")
        .isRegularFile();
  }

  /**
   * Runs {@code node script --base-url baseUrl --screenshots screenshots options...} in the
   * scripts' folder and returns what it printed (also echoed to the test's output). A script still
   * running at {@code limit} is killed with its children (the browser) and reported with exit code
   * -1.
   */
  static Run run(String script, URI baseUrl, Path screenshots, Duration limit, List<String> options)
      throws IOException, InterruptedException {
    Files.createDirectories(screenshots);
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(
        List.of("--base-url", baseUrl.toString(), "--screenshots", screenshots.toString()));
    command.addAll(options);
    Path output = Files.createTempFile(script, ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(DIR.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      String out = Files.readString(output, UTF_8);
      System.out.println(out);
      return new Run(ended ? process.exitValue() : -1, out);
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
