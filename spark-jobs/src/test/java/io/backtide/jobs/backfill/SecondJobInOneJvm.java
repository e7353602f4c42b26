package io.backtide.jobs.backfill;

import com.zaxxer.hikari.HikariDataSource;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * For {@code bench/archive.sh}: runs a backfill job, then the same backfill again as a new job into
 * another table ({@code --data-dir} with {@code -second} appended) in the same JVM, as a job JVM
 * kept warm between jobs would. The second job's figures show what the job's code does once the JIT
 * has compiled it; a fresh job JVM spends much of its run compiling. Arguments: the first job's
 * {@link BackfillApp} arguments. Exits with the first job's code if it failed, else the second's.
 */
public final class SecondJobInOneJvm {
  private SecondJobInOneJvm() {}

  public static void main(String[] args) {
    JobLogging.configure(System.getenv());
    int first = run(args);
    System.exit(first != 0 ? first : run(secondJob(args)));
  }

  private static int run(String[] args) {
    return JobMain.run(BackfillApp.APP, args, System.getenv(), System.out, System.err);
  }

  /** The arguments with a new job of the same feed and range, and a table of its own. */
  private static String[] secondJob(String[] args) {
    BackfillArgs a = BackfillApp.APP.parse().apply(args, System.getenv());
    try (HikariDataSource db = Database.pool(a.dbUrl(), a.dbUser(), a.dbPassword(), 1)) {
      BackfillJobRepository jobs = new BackfillJobRepository(db, Clock.systemUTC());
      BackfillJob done = jobs.findById(a.jobId()).orElseThrow();
      BackfillJob next = jobs.create(done.feed(), done.range());
      List<String> out = new ArrayList<>(List.of(args));
      out.set(out.indexOf("--job-id") + 1, next.id().toString());
      out.set(out.indexOf("--data-dir") + 1, a.dataDir() + "-second");
      return out.toArray(String[]::new);
    }
  }
}
