package io.backtide.demo;

import java.time.Duration;
import java.util.Locale;

/** Renders one line of a terminal progress bar for a backfill job. */
final class ProgressBar {
  private static final int WIDTH = 30;

  private ProgressBar() {}

  /**
   * {@code [#########.....................] 31.2% 44,640 records 45 pages 0:12 elapsed ~0:26 left
   * running}.
   */
  static String render(JobView job, Duration elapsed) {
    double pct = Math.max(0, Math.min(100, job.progressPct()));
    int filled = (int) Math.round(pct / 100 * WIDTH);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    String eta = "";
    if (pct > 0 && pct < 100) {
      long left = (long) (elapsed.toMillis() * (100 - pct) / pct);
      eta = "  ~" + clock(Duration.ofMillis(left)) + " left";
    }
    return String.format(
        Locale.ROOT,
        "[%s] %5.1f%%  %,d records  %,d pages  %s elapsed%s  %s",
        bar,
        pct,
        job.recordsWritten(),
        job.pagesFetched(),
        clock(elapsed),
        eta,
        job.status());
  }

  static String clock(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
