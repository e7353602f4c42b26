package io.backtide.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RunningControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What CI runs for notebooks/backtest.ipynb: a control plane with the sim provider backfills two
 * days of 1m candles, then the notebook executes headless against it through the same script a user
 * runs. A failing cell fails the test; the executed copy stays in
 * notebooks/target/notebooks/backtest/.
 */
class BacktestNotebookTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FEED = "sim/BTCUSDT/candle/1m";
  private static final String START = "2026-01-01";
  private static final String END = "2026-01-03";
  private static final Duration BACKFILL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration NOTEBOOK_TIMEOUT = Duration.ofMinutes(10);
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final NotebookRunner runner = NotebookRunner.fromBuild();

  @Test
  void notebookPullsTheBackfilledDaysRunsTheTrackerAndShowsTableRowsAndChartThenASweep()
      throws Exception {
    Path dataDir = runner.freshOutputFolder("backtest-coordinator-data");
    try (RunningControlPlane cp =
        RunningControlPlane.builder()
            .feeds(List.of(FEED))
            .dataDir(dataDir)
            .env("BACKFILL_CLASSPATH", NotebookRunner.backfillClasspath())
            .start()) {
      backfill(cp);

      ExecutedNotebook run =
          runner.run(
              "notebooks/backtest.ipynb",
              "backtest",
              Map.of(
                  "BACKTIDE_COORDINATOR_URL", cp.uri().toString(),
                  "BACKTIDE_FEED", FEED,
                  "BACKTIDE_START", START,
                  "BACKTIDE_END", END),
              NOTEBOOK_TIMEOUT);

      assertThat(run.exitCode()).as("run-notebook.sh output:%n%s", run.log()).isZero();
      assertThat(run.cellsWithErrors()).isZero();
      assertThat(run.stdout())
          .as("settings, pulled files, the result and the first prediction rows")
          .contains("feed " + FEED + ", " + START + " .. " + END)
          .contains(FEED + "/2026-01-01.parquet")
          .contains(FEED + "/2026-01-02.parquet")
          // 2 days of 1m candles; window 60, every 15 min: predictions at candles 59, 74, ... 2879;
          // the last one's resolving candle lies past the range.
          .contains("2880 candles replayed, 189 predictions: 188 scored, 1 unresolved, 0 failed")
          .contains("entry_price")
          .contains("only showing top 10 rows");
      assertThat(run.stdout())
          .as("the sweep section: 4 x 2 sets")
          .contains("8 parameter sets, best by hit_rate: {fast=");
      List<String> html = run.outputs("text/html");
      assertThat(html).as("the result, then the sweep table").hasSize(2);
      assertThat(html.get(0))
          .contains("<table")
          .contains("MomentumTracker")
          .contains("score_recent")
          .contains("hit_rate");
      assertThat(html.get(1))
          .contains("<table")
          .contains("<th>fast</th>", "<th>slow</th>", "<th>hit_rate</th>", "<th>scored</th>")
          .contains("8 parameter set(s), best by hit_rate in bold");
      assertThat(run.pngs())
          .as("the cumulative score, then hit rate over the fast window")
          .hasSize(2)
          .allSatisfy(png -> assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE))
          .allSatisfy(
              png -> assertThat(png.length).as("a drawn chart, not a blank").isGreaterThan(5_000));
      assertThat(run.path().resolveSibling(".cache/backtest/" + FEED + "/2026-01-02.parquet"))
          .as("the client's cache sits next to the executed copy, inside the build folder")
          .exists();
    }
  }

  private static void backfill(RunningControlPlane cp) throws Exception {
    var created =
        cp.http()
            .post(
                "/reports/backfill",
                """
                {"source": "sim", "subject": "BTCUSDT", "kind": "candle", "granularity": "1m",
                 "start": "%s", "end": "%s"}"""
                    .formatted(START, END));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asText();
    Instant deadline = Instant.now().plus(BACKFILL_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      JsonNode job = JSON.readTree(cp.http().get("/reports/backfill/jobs/" + id).body());
      String status = job.get("status").asText();
      if (!status.equals("pending") && !status.equals("running")) {
        assertThat(status)
            .as("backfill %s; its log:%n%s", job, jobLog(cp, id))
            .isEqualTo("completed");
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("backfill " + id + " not finished after " + BACKFILL_TIMEOUT);
  }

  private static String jobLog(RunningControlPlane cp, String id) throws Exception {
    Path log = cp.dataDir().resolve("logs/" + id + ".log");
    return Files.exists(log) ? Files.readString(log) : "(no log at " + log + ")";
  }
}
