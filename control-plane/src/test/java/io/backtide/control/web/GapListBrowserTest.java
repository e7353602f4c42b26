package io.backtide.control.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.control.testing.RunningControlPlane;
import io.backtide.core.Granularity;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinanceArchive;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.JobStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data section's gap list in a real browser ({@code src/test/browser/gap-list.mjs}): a real
 * backfill job (child JVM, fake Binance with five candles missing) starts at 06:00 of a day, so the
 * day is partial with a gap the provider confirmed (10:00-10:05, asked and not returned) and one
 * that was never fetched (00:00-06:00); clicking the day lists both, drawn differently. The feed's
 * archive answers 403 for every file, as the real one does in its outages: the day comes from REST
 * and the job card and the history table show the job's note saying so. Needs {@code
 * scripts/install-browser.sh}.
 */
class GapListBrowserTest {
  private static final String FEED = "binance/BTCUSDT/candle/1m";
  private static final String DAY = "2026-02-02";
  private static final Instant MIDNIGHT = Instant.parse(DAY + "T00:00:00Z");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots-gaps").toAbsolutePath();
  private static final Duration JOB_LIMIT = Duration.ofMinutes(8);
  private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(5);

  @Test
  void clickingAPartialDayListsItsConfirmedAndNeverFetchedGaps() throws Exception {
    BrowserScript.requireBrowser();
    try (FakeBinance exchange = FakeBinance.start();
        FakeBinanceArchive archive = FakeBinanceArchive.start();
        RunningControlPlane cp =
            RunningControlPlane.builder()
                .binanceBaseUrl(exchange.url().toString())
                .env("BINANCE_ARCHIVE_URL", archive.url().toString())
                .feeds(List.of(FEED))
                .env("STALE_AFTER", "10m")
                .start()) {
      Instant end = MIDNIGHT.plus(Duration.ofDays(1));
      exchange.candles("BTCUSDT", "1m", TestCandles.range(MIDNIGHT, end, Granularity.M1, 0));
      exchange.removeCandles("BTCUSDT", "1m", MIDNIGHT.plus(Duration.ofHours(10)), at("10:05"));
      archive.refuseAccess();

      BackfillJob job = backfillFromSixToMidnight(cp);

      assertThat(job.status()).as(job.toString()).isEqualTo(JobStatus.COMPLETED);
      assertThat(job.recordsWritten()).isEqualTo(18 * 60 - 5);
      String out = runScript(cp);
      assertThat(out)
          .contains("ok partial-day-in-strip")
          .contains("ok never-fetched-gap: 00:00 → 06:00 UTC · 360 candles · never fetched")
          .contains(
              "ok confirmed-gap: 10:00 → 10:05 UTC · 5 candles · confirmed: the provider has no"
                  + " data")
          .contains("ok kinds-look-different")
          .containsPattern(
              "ok job-note: "
                  + FEED
                  + ": the archive refuses access \\(.*HTTP 403.*\\); "
                  + DAY
                  + " and the job's other days come from REST")
          .containsPattern("ok history-note: Note: " + FEED + ": the archive refuses access")
          .contains("ok no-page-errors");
      assertThat(SCREENSHOTS.resolve("01-gaps.png")).isNotEmptyFile();
    }
  }

  private static Instant at(String time) {
    return Instant.parse(DAY + "T" + time + ":00Z");
  }

  /** Starts the job through the API and polls the job table until it ends. */
  private static BackfillJob backfillFromSixToMidnight(RunningControlPlane cp) throws Exception {
    HttpResponse<String> started =
        cp.http()
            .post(
                "/reports/backfill",
                "{\"source\":\"binance\",\"subject\":\"BTCUSDT\",\"kind\":\"candle\","
                    + "\"granularity\":\"1m\",\"start\":\""
                    + at("06:00")
                    + "\",\"end\":\"2026-02-03\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    long deadline = System.nanoTime() + JOB_LIMIT.toNanos();
    BackfillJob job = cp.jobs().list(1).get(0);
    while (job.status().isActive() && System.nanoTime() < deadline) {
      Thread.sleep(500);
      job = cp.jobs().list(1).get(0);
    }
    return job;
  }

  private static String runScript(RunningControlPlane cp) throws Exception {
    BrowserScript.Run run =
        BrowserScript.run(
            "gap-list.mjs",
            cp.uri(),
            SCREENSHOTS,
            SCRIPT_LIMIT,
            List.of(
                "--feed",
                FEED,
                "--day",
                DAY,
                "--timeout-ms",
                String.valueOf(Duration.ofMinutes(2).toMillis())));
    assertThat(run.exitCode()).as(run.output()).isZero();
    return run.output();
  }
}
