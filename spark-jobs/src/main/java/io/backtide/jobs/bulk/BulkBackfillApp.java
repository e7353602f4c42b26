package io.backtide.jobs.bulk;

import io.backtide.jobs.backfill.JobMain;
import io.backtide.jobs.backfill.Outcome;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BackfillJob;
import java.util.Locale;
import java.util.Optional;

/**
 * Bulk backfill: {@code spark-submit --class io.backtide.jobs.bulk.BulkBackfillApp
 * backtide-spark-jobs.jar --job-id ... --feeds binance/BTCUSDT/candle/1m,binance/ETHUSDT/candle/1m
 * --data-dir ... --db-url ... --rate-limit binance=1200}, or {@code java -cp ...} for local mode.
 * The job row must exist (the control plane creates it) and its feed must be among {@code --feeds}.
 * Exit codes: 0 completed or cancelled, 1 failed (the job row holds the error), 2 bad arguments
 * (nothing written).
 */
public final class BulkBackfillApp {
  /** The application in the job skeleton (tests run it with {@link JobMain#run}). */
  public static final JobMain.App<BulkArgs> APP =
      new JobMain.App<>(
          "bulk backfill",
          BulkArgs.USAGE,
          BulkArgs::parse,
          BulkBackfillApp::mismatch,
          (args, job) -> "backtide-bulk-backfill",
          BulkBackfillApp::run);

  private BulkBackfillApp() {}

  public static void main(String[] args) {
    JobMain.main(APP, args);
  }

  private static Optional<String> mismatch(BulkArgs a, BackfillJob job) {
    if (a.range().isPresent() && !a.range().get().equals(job.range())) {
      return Optional.of(BulkErrors.rangeMismatch(job.id(), job.range(), a.range().get()));
    }
    if (!a.settings().feeds().contains(job.feed())) {
      return Optional.of(
          BulkErrors.feedNotInJob(
              job.id(),
              job.feed().toString(),
              a.settings().feeds().stream().map(Object::toString).toList()));
    }
    return Optional.empty();
  }

  private static JobMain.Ran run(BulkArgs a, BackfillJob job, JobMain.Context c) {
    Outcome outcome =
        new BulkBackfill(
                c.spark(),
                a.dataDir(),
                c.jobs(),
                new BackfillChunkRepository(c.db(), c.clock()),
                a.settings(),
                c.clock())
            .run(a.jobId());
    return new JobMain.Ran(
        outcome, a.settings().feeds() + " " + outcome.name().toLowerCase(Locale.ROOT));
  }
}
