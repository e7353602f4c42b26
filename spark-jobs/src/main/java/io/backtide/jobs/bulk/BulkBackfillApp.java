package io.backtide.jobs.bulk;

import com.zaxxer.hikari.HikariDataSource;
import io.backtide.jobs.backfill.Outcome;
import io.backtide.jobs.backfill.SparkSessions;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.Database;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Bulk backfill: {@code spark-submit --class io.backtide.jobs.bulk.BulkBackfillApp
 * backtide-spark-jobs.jar --job-id ... --feeds binance/BTCUSDT/candle/1m,binance/ETHUSDT/candle/1m
 * --data-dir ... --db-url ... --rate-limit binance=1200}, or {@code java -cp ...} for local mode.
 * The job row must exist (the control plane creates it) and its feed must be among {@code --feeds}.
 * Exit codes: 0 completed or cancelled, 1 failed (the job row holds the error), 2 bad arguments
 * (nothing written).
 */
public final class BulkBackfillApp {
  static final int BAD_ARGUMENTS = 2;

  private BulkBackfillApp() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Everything {@link #main} does except exiting; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    BulkArgs a;
    try {
      a = BulkArgs.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("bulk backfill: " + e.getMessage());
      err.println(BulkArgs.USAGE);
      return BAD_ARGUMENTS;
    }
    Clock clock = Clock.systemUTC();
    try (HikariDataSource db = Database.pool(a.dbUrl(), a.dbUser(), a.dbPassword(), 2)) {
      BackfillJobRepository jobs = new BackfillJobRepository(db, clock);
      try {
        check(a, jobs.findById(a.jobId()).orElse(null));
      } catch (IllegalArgumentException e) {
        err.println("bulk backfill: " + e.getMessage());
        return BAD_ARGUMENTS;
      }
      Files.createDirectories(a.dataDir());
      SparkSession spark = SparkSessions.create(a.master(), "backtide-bulk-backfill");
      try {
        Outcome outcome =
            new BulkBackfill(
                    spark,
                    a.dataDir(),
                    jobs,
                    new BackfillChunkRepository(db, clock),
                    a.settings(),
                    clock)
                .run(a.jobId());
        out.println("bulk backfill " + a.settings().feeds() + " " + outcome.name().toLowerCase());
        return outcome.exitCode();
      } finally {
        spark.stop();
      }
    } catch (Exception e) {
      err.println("bulk backfill: job " + a.jobId() + " failed: " + e.getMessage());
      return Outcome.FAILED.exitCode();
    }
  }

  private static void check(BulkArgs a, BackfillJob job) {
    if (job == null) {
      throw new IllegalArgumentException("--job-id " + a.jobId() + " is not in backfill_jobs");
    }
    if (a.range().isPresent() && !a.range().get().equals(job.range())) {
      throw BulkErrors.rangeMismatch(job.id(), job.range(), a.range().get());
    }
    if (!a.settings().feeds().contains(job.feed())) {
      throw BulkErrors.feedNotInJob(
          job.id(),
          job.feed().toString(),
          a.settings().feeds().stream().map(Object::toString).toList());
    }
  }
}
