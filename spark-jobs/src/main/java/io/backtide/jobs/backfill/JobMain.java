package io.backtide.jobs.backfill;

import com.zaxxer.hikari.HikariDataSource;
import io.backtide.jobs.table.ForklessLocalFileSystem;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.Database;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.spark.sql.SparkSession;

/**
 * The run skeleton of a job application ({@link BackfillApp}, {@code BulkBackfillApp}): parse the
 * command line, find the job row, check it against the arguments, start a Spark session (on a
 * thread of its own: the job starts at once), run, print one line. Exit codes: 0 completed or
 * cancelled, 1 failed (the job row holds the error), 2 bad arguments or a job row that does not fit
 * them (nothing written).
 */
public final class JobMain {
  static final int BAD_ARGUMENTS = 2;

  /**
   * What one application brings to the skeleton.
   *
   * @param name the prefix of every line the application prints, e.g. {@code backfill}
   * @param parse reads the command line; an {@link IllegalArgumentException} names the argument
   * @param mismatch why the job row does not fit the arguments, if it does not (exit code 2)
   * @param sparkAppName the Spark application's name for the job
   * @param job runs the job
   */
  public record App<A extends JobArgs>(
      String name,
      String usage,
      BiFunction<String[], Map<String, String>, A> parse,
      BiFunction<A, BackfillJob, Optional<String>> mismatch,
      BiFunction<A, BackfillJob, String> sparkAppName,
      Job<A> job) {}

  /** Runs a job whose row fits the arguments. */
  public interface Job<A> {
    /** Returns how the job ended and the line to print after the application's name. */
    Ran run(A args, BackfillJob job, Context context);
  }

  /**
   * What a running job is handed. The Spark session is still starting when the job begins: {@link
   * #spark()} waits for it, so a job can do its work without Spark (fetching) meanwhile.
   */
  public record Context(
      SparkStart session, HikariDataSource db, BackfillJobRepository jobs, Clock clock) {
    /** The job's Spark session, once it is up. */
    public SparkSession spark() {
      return session.get();
    }
  }

  /** How a run ended, and the summary line to print after the application's name. */
  public record Ran(Outcome outcome, String summary) {}

  private JobMain() {}

  /** Runs {@code app} and exits with its exit code. */
  public static void main(App<?> app, String[] args) {
    JobLogging.configure(System.getenv());
    System.exit(run(app, args, System.getenv(), System.out, System.err));
  }

  /** Everything {@link #main} does except exiting; returns the exit code. */
  public static <A extends JobArgs> int run(
      App<A> app, String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    ForklessLocalFileSystem.install(); // before anything makes a Hadoop file system
    A a;
    try {
      a = app.parse().apply(args, env);
    } catch (IllegalArgumentException e) {
      err.println(app.name() + ": " + e.getMessage());
      err.println(app.usage());
      return BAD_ARGUMENTS;
    }
    Clock clock = Clock.systemUTC();
    try (HikariDataSource db = Database.pool(a.dbUrl(), a.dbUser(), a.dbPassword(), 2)) {
      BackfillJobRepository jobs = new BackfillJobRepository(db, clock);
      BackfillJob job = jobs.findById(a.jobId()).orElse(null);
      Optional<String> mismatch =
          job == null
              ? Optional.of("--job-id " + a.jobId() + " is not in backfill_jobs")
              : app.mismatch().apply(a, job);
      if (mismatch.isPresent()) {
        err.println(app.name() + ": " + mismatch.get());
        return BAD_ARGUMENTS;
      }
      Files.createDirectories(a.dataDir());
      // Running (phase "starting") before Spark starts, which takes seconds: the page moves at
      // once.
      jobs.markRunning(a.jobId());
      String name = app.sparkAppName().apply(a, job);
      try (SparkStart spark = SparkStart.begin(() -> SparkSessions.create(a.master(), name))) {
        Ran ran = app.job().run(a, job, new Context(spark, db, jobs, clock));
        out.println(app.name() + " " + ran.summary());
        return ran.outcome().exitCode();
      }
    } catch (Exception e) {
      err.println(app.name() + ": job " + a.jobId() + " failed: " + e.getMessage());
      return Outcome.FAILED.exitCode();
    }
  }
}
