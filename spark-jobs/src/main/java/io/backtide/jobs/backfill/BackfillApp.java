package io.backtide.jobs.backfill;

import io.backtide.core.DataRoot;
import io.backtide.core.Provider;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.CandleSources;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.binance.BinanceSource;
import io.backtide.jobstore.BackfillJob;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one backfill job: {@code java -cp $(cat spark-jobs/target/backfill-classpath.txt)
 * io.backtide.jobs.backfill.BackfillApp --job-id ... --data-dir ... --db-url ...}, or the same
 * arguments through {@code spark-submit --class io.backtide.jobs.backfill.BackfillApp}. The job row
 * says which feed and range. Exit codes: 0 completed or cancelled, 1 failed (the job row holds the
 * error), 2 bad arguments (nothing written).
 */
public final class BackfillApp {
  /** The application in the job skeleton (tests run it with {@link JobMain#run}). */
  public static final JobMain.App<BackfillArgs> APP =
      new JobMain.App<>(
          "backfill",
          BackfillArgs.USAGE,
          BackfillArgs::parse,
          BackfillApp::mismatch,
          (args, job) -> "backtide-backfill " + job.feed(),
          BackfillApp::run);

  private BackfillApp() {}

  public static void main(String[] args) {
    JobMain.main(APP, args);
  }

  /** A job whose feed no provider serves cannot run here. */
  private static Optional<String> mismatch(BackfillArgs args, BackfillJob job) {
    try {
      Provider.requireServes(job.feed());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("job " + job.id() + ": " + e.getMessage());
    }
  }

  private static JobMain.Ran run(BackfillArgs a, BackfillJob job, JobMain.Context c) {
    JobActivityRecorder recorder =
        new JobActivityRecorder(
            c.jobs().activity(), a.jobId(), c.clock(), JobActivityRecorder.EVERY);
    Backfill backfill;
    Outcome outcome;
    try (CandleSource source =
        CandleSources.forFeed(
            job.feed(), providerSettings(a, job, c.clock()).withRetryListener(recorder))) {
      backfill =
          new Backfill(c.session(), a.dataDir(), c.jobs(), source, a.run(), c.clock(), recorder);
      outcome = backfill.run(a.jobId());
    }
    return new JobMain.Ran(
        outcome,
        job.feed() + " " + outcome.name().toLowerCase(Locale.ROOT) + ": " + backfill.stats());
  }

  /**
   * {@code --provider-url} is the feed's market's REST URL; for USD-M futures, spot's default URL
   * (what the option defaults to) stands for "not given": the futures default.
   */
  private static ProviderSettings providerSettings(BackfillArgs a, BackfillJob job, Clock clock) {
    ProviderSettings s =
        ProviderSettings.defaults(clock)
            .withBinanceUrl(a.providerUrl())
            .withMaxOutage(a.maxOutage())
            .withScratchDir(DataRoot.of(a.dataDir()).scratch());
    if (BinanceSource.UM_NAME.equals(job.feed().source())
        && !a.providerUrl().equals(ProviderSettings.BINANCE_URL)) {
      s = s.withBinanceUmUrl(a.providerUrl());
    }
    if (a.archiveUrl().isPresent()) {
      s = s.withArchiveUrl(a.archiveUrl().get());
    }
    return a.simSeed().isPresent() ? s.withSimSeed(a.simSeed().getAsLong()) : s;
  }
}
