package io.backtide.jobs.backfill;

import com.zaxxer.hikari.HikariDataSource;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.CandleSources;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.Database;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one backfill job: {@code java -cp $(cat spark-jobs/target/backfill-classpath.txt)
 * io.backtide.jobs.backfill.BackfillApp --job-id ... --data-dir ... --db-url ...}, or the same
 * arguments through {@code spark-submit --class io.backtide.jobs.backfill.BackfillApp}. Exit codes:
 * 0 completed or cancelled, 1 failed (the job row holds the error), 2 bad arguments (nothing
 * written).
 */
public final class BackfillApp {
  static final int BAD_ARGUMENTS = 2;

  private BackfillApp() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Everything {@link #main} does except exiting; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    BackfillArgs a;
    try {
      a = BackfillArgs.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("backfill: " + e.getMessage());
      err.println(BackfillArgs.USAGE);
      return BAD_ARGUMENTS;
    }
    Clock clock = Clock.systemUTC();
    try (HikariDataSource db = Database.pool(a.dbUrl(), a.dbUser(), a.dbPassword(), 2)) {
      BackfillJobRepository jobs = new BackfillJobRepository(db, clock);
      BackfillJob job = jobs.findById(a.jobId()).orElse(null);
      String mismatch =
          job == null ? "--job-id " + a.jobId() + " is not in backfill_jobs" : mismatch(a, job);
      if (mismatch != null) {
        err.println("backfill: " + mismatch);
        return BAD_ARGUMENTS;
      }
      Files.createDirectories(a.dataDir());
      CandleSource source = CandleSources.forFeed(job.feed(), providerSettings(a, clock));
      SparkSession spark = SparkSessions.create(a.master(), "backtide-backfill " + job.feed());
      try {
        Backfill backfill = new Backfill(spark, a.dataDir(), jobs, source, a.run(), clock);
        Outcome outcome = backfill.run(a.jobId());
        out.println(
            "backfill "
                + job.feed()
                + " "
                + outcome.name().toLowerCase()
                + ": "
                + backfill.stats());
        return outcome.exitCode();
      } finally {
        spark.stop();
      }
    } catch (Exception e) {
      err.println("backfill: job " + a.jobId() + " failed: " + e.getMessage());
      return Outcome.FAILED.exitCode();
    }
  }

  /** Arguments that disagree with the job row, or a source no provider serves; null when fine. */
  private static String mismatch(BackfillArgs a, BackfillJob job) {
    if (a.feed().isPresent() && !a.feed().get().equals(job.feed())) {
      return "--feed "
          + a.feed().get()
          + " does not match job "
          + job.id()
          + " ("
          + job.feed()
          + ")";
    }
    if (a.range().isPresent() && !a.range().get().equals(job.range())) {
      return "--start/--end "
          + a.range().get().start()
          + " to "
          + a.range().get().end()
          + " do not match job "
          + job.id()
          + " ("
          + job.range().start()
          + " to "
          + job.range().end()
          + ")";
    }
    if (!CandleSources.KNOWN.contains(job.feed().source())) {
      return "--feed: job "
          + job.id()
          + " has source '"
          + job.feed().source()
          + "': expected one of "
          + String.join(", ", CandleSources.KNOWN);
    }
    return null;
  }

  private static ProviderSettings providerSettings(BackfillArgs a, Clock clock) {
    ProviderSettings s = ProviderSettings.defaults(clock).withBinanceUrl(a.providerUrl());
    return a.simSeed().isPresent() ? s.withSimSeed(a.simSeed().getAsLong()) : s;
  }
}
