package io.backtide.control.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.control.testing.RunningControlPlane;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.ChunkState;
import io.backtide.jobstore.JobStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The page's bulk section in a real browser ({@code src/test/browser/bulk-section.mjs}): pick two
 * feeds, run, watch the chunks until every one is done; the job really runs (BulkBackfillApp in a
 * child JVM on sim feeds). Needs {@code scripts/install-browser.sh}.
 */
class BulkSectionBrowserTest {
  private static final List<String> FEEDS =
      List.of("sim/BTCUSDT/candle/1m", "sim/ETHUSDT/candle/1m");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots-bulk").toAbsolutePath();
  private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(10);

  @Test
  void operatorPicksTwoFeedsRunsABulkBackfillAndWatchesEveryChunkFinish() throws Exception {
    BrowserScript.requireBrowser();
    try (RunningControlPlane cp =
        RunningControlPlane.builder().feeds(FEEDS).env("STALE_AFTER", "10m").start()) {
      BrowserScript.Run run =
          BrowserScript.run(
              "bulk-section.mjs",
              cp.uri(),
              SCREENSHOTS,
              SCRIPT_LIMIT,
              List.of(
                  "--feeds",
                  String.join(",", FEEDS),
                  "--start",
                  "2026-01-01",
                  "--end",
                  "2026-01-03",
                  "--timeout-ms",
                  String.valueOf(Duration.ofMinutes(8).toMillis())));
      String out = run.output();

      assertThat(run.exitCode()).as(out).isZero();
      assertThat(out)
          .contains("ok refuse-no-feed: Choose at least one feed.")
          .contains("ok until-complete: 4 of 4 chunks done")
          .contains("ok no-page-errors");
      BackfillJob job = cp.jobs().list(1).get(0);
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(job.recordsWritten()).isEqualTo(4 * 1440);
      assertThat(
              new BackfillChunkRepository(cp.database().dataSource(), Clock.systemUTC())
                  .states(job.id()))
          .hasSize(4)
          .allMatch(s -> s.state() == ChunkState.DONE);
    }
  }
}
