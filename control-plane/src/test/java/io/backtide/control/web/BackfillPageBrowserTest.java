package io.backtide.control.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.Granularity;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.JobStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The backfill page in a real browser: Debian's headless Chromium driven by playwright-core ({@code
 * src/test/browser/backfill-page.mjs}) against a started control plane whose jobs run for real
 * against a fake Binance. Needs {@code scripts/install-browser.sh} (the test command runs it).
 */
class BackfillPageBrowserTest {
  private static final String FEED = "binance/BTCUSDT/candle/1m";
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final int DAYS = 3;
  private static final String API_KEY = "page-test-key";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

  /** Kept after the run so that a failed job's log can be read. */
  private static final Path DATA_DIR = Path.of("target", "browser-test-data").toAbsolutePath();

  private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(14);

  /**
   * The Spark job's own runtime classpath, written by the spark-jobs build (package phase, before
   * this module in the reactor). The test JVM's classpath will not do: Javalin's servlet API
   * (jakarta.servlet 6) hides the one Spark needs (SingleThreadModel, servlet 5).
   */
  private static final Path BACKFILL_CLASSPATH_FILE =
      Path.of(
          System.getProperty(
              "backtide.backfill.classpath.file", "../spark-jobs/target/backfill-classpath.txt"));

  /** Every step the script must report as passed, in order. */
  private static final List<String> STEPS =
      List.of(
          "load",
          "labelled-controls",
          "default-range",
          "choose-feed-and-range",
          "run-until-complete",
          "history-shows-job",
          "files-and-full-coverage",
          "download-matches-sha256",
          "second-tab-open",
          "second-run-refused",
          "cancel-active-job",
          "end-before-start-message",
          "api-key-kept-for-session",
          "narrow-window",
          "no-page-errors");

  @Test
  void operatorRunsABackfillWatchesItAndChecksTheDataInHeadlessChromium() throws Exception {
    BrowserScript.requireBrowser();
    String backfillClasspath = backfillClasspath();
    deleteTree(DATA_DIR);
    deleteTree(SCREENSHOTS);
    try (FakeBinance exchange = FakeBinance.start();
        RunningControlPlane cp =
            RunningControlPlane.builder()
                .apiKey(API_KEY)
                .binanceBaseUrl(exchange.url().toString())
                .feeds(List.of(FEED, "binance/ETHUSDT/candle/5m"))
                .dataDir(DATA_DIR)
                .env("BACKFILL_CLASSPATH", backfillClasspath)
                // On a busy 2-core machine one Spark merge can outlast the default 60 s without a
                // heartbeat; recovery would then stop the job the page is watching.
                .env("STALE_AFTER", "10m")
                .start()) {
      // Candles for the first run and for the second one that the test cancels. The job commits a
      // batch when it is 60 s old; a slow exchange (5 pages of 1000, 16 s each) makes it commit
      // after page 4 too, so the page must show the bar between 0 and 100%.
      Instant last = START.plus(Duration.ofDays(DAYS + 14));
      exchange.candles("BTCUSDT", "1m", TestCandles.range(START, last, Granularity.M1, 0));
      // The first page comes at once, so its rows are fetched, not committed, for 16 s: the page
      // must show them ahead of the bar (the job records fetched progress before its first commit).
      // Archive requests (answered 404: no archive here) are not delayed.
      exchange.onRequest(n -> exchange.delay(pageDelay(exchange.requests())));

      BrowserScript.Run run = runScript(cp);

      assertThat(run.exitCode()).as("browser script output:%n%s", run.output()).isZero();
      assertThat(run.passedSteps()).as(run.output()).containsExactlyElementsOf(STEPS);
      assertThat(run.output())
          .as("the bar reached 100%% with every record")
          .containsPattern("ok run-until-complete: bar went 0 → [0-9.]+ → .*100 %, 4,320 records")
          .containsPattern(
              "first visible change [0-9]+ ms after Run \\(\"[^\"]+\"\\), fetched rows ahead of the"
                  + " bar [0-9]+ ms, first commit [0-9]+ ms");
      assertJobTableMatchesWhatThePageShowed(cp);
      assertThat(SCREENSHOTS.resolve("04-completed.png")).isNotEmptyFile();
      assertThat(SCREENSHOTS.resolve("08-narrow.png")).isNotEmptyFile();
    }
  }

  /** 1 s for the first page request, 16 s for the next ones, none for the archive's. */
  private static Duration pageDelay(List<String> requests) {
    String last = requests.get(requests.size() - 1);
    if (!last.contains("/klines?")) {
      return Duration.ZERO;
    }
    long pages = requests.stream().filter(r -> r.contains("/klines?")).count();
    return Duration.ofSeconds(pages == 1 ? 1 : 16);
  }

  @Test
  void pageIsServedAtTheRootWithOnlyLocalAssets() throws IOException {
    try (RunningControlPlane cp =
        RunningControlPlane.builder().launcher(s -> new RecordingLauncher()).start()) {
      HttpResponse<String> page = cp.http().get("/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("<title>Backtide · Backfill</title>")
          .contains("<script type=\"module\" src=\"js/main.js\"></script>");
      for (String asset : List.of("/css/app.css", "/js/main.js", "/js/api.js", "/js/data.js")) {
        assertThat(cp.http().get(asset).statusCode()).as(asset).isEqualTo(200);
      }
    }
    Pattern remote =
        Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/", Pattern.CASE_INSENSITIVE);
    try (Stream<Path> files = Files.walk(Path.of("src/main/resources/public"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(remote.matcher(Files.readString(file)).find())
            .as("%s loads nothing from another host", file)
            .isFalse();
      }
    }
  }

  private static void assertJobTableMatchesWhatThePageShowed(RunningControlPlane cp) {
    List<BackfillJob> jobs = cp.jobs().list(10);
    assertThat(jobs).hasSize(2);
    BackfillJob cancelled = jobs.get(0);
    BackfillJob completed = jobs.get(1);
    assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(completed.feed().toString()).isEqualTo(FEED);
    assertThat(completed.range().start()).isEqualTo(START);
    assertThat(completed.range().end()).isEqualTo(START.plus(Duration.ofDays(DAYS)));
    assertThat(completed.recordsWritten()).isEqualTo(DAYS * 1440L);
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.range().start()).isEqualTo(completed.range().end());
  }

  private static BrowserScript.Run runScript(RunningControlPlane cp) throws Exception {
    return BrowserScript.run(
        "backfill-page.mjs",
        cp.uri(),
        SCREENSHOTS,
        SCRIPT_LIMIT,
        List.of(
            "--feed",
            FEED,
            "--start",
            START.toString().substring(0, 10),
            "--days",
            String.valueOf(DAYS),
            "--api-key",
            API_KEY,
            "--timeout-ms",
            String.valueOf(Duration.ofMinutes(9).toMillis()),
            "--expect-parquet",
            "--expect-moving-bar"));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static String backfillClasspath() throws IOException {
    assertThat(BACKFILL_CLASSPATH_FILE)
        .as("the Spark job's classpath file is missing: run `mvn -pl spark-jobs package` first")
        .isRegularFile();
    return Files.readString(BACKFILL_CLASSPATH_FILE).trim();
  }
}
