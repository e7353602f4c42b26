package io.backtide.jobs.backfill;

import io.backtide.jobs.cli.JobOptions;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.table.CandleTable;
import io.backtide.jobs.table.WriteMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The command line of {@link BackfillApp}, checked before anything is written. Every error names
 * the argument ({@code --start}) and what was expected.
 */
public record BackfillArgs(
    UUID jobId,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    URI providerUrl,
    String master,
    RunSettings run,
    OptionalLong simSeed,
    Optional<URI> archiveUrl,
    Duration maxOutage)
    implements JobArgs {

  static final String USAGE =
      """
      usage: BackfillApp --job-id UUID --data-dir PATH --db-url JDBC_URL [--provider-url URL] [--page-size N]
                         [--batch-rows N] [--write-mode rebuild|merge] [--sim-seed N] [--master M]
                         [--warm-up-first true|false] [--archive true|false] [--archive-url URL]
                         [--max-outage 15m] [--vacuum-retention 7d]
        environment: DB_URL, DB_USER, DB_PASSWORD, BACKTIDE_DATA_DIR, BACKTIDE_VACUUM_RETENTION,
                     BACKTIDE_SPARK_LOG_LEVEL""";

  /** The environment variable the control plane passes on: how long replaced files are kept. */
  static final String VACUUM_RETENTION = "BACKTIDE_VACUUM_RETENTION";

  private static final Set<String> OWN =
      Set.of(
          "page-size",
          "batch-rows",
          "write-mode",
          "sim-seed",
          "warm-up-first",
          "archive",
          "archive-url",
          "max-outage",
          "vacuum-retention");

  /**
   * Parses {@code --name value} pairs, with the environment as fallback for DB and data root. The
   * feed and the range are the job row's: the command line does not repeat them.
   */
  public static BackfillArgs parse(String[] args, Map<String, String> env) {
    JobOptions o = JobOptions.parse(args, OWN, env);
    String dbUrl = o.dbUrl();
    RunSettings run =
        RunSettings.defaults()
            .withPageSize(o.positive("page-size", RunSettings.DEFAULT_PAGE_SIZE))
            .withBatchRows(o.positive("batch-rows", RunSettings.DEFAULT_BATCH_ROWS))
            .withMode(o.parsed("write-mode", WriteMode::parse).orElse(WriteMode.REBUILD))
            .withWarmUpFirst(o.parsed("warm-up-first", BackfillArgs::bool).orElse(false))
            .withVacuumRetention(vacuumRetention(o, env));
    return new BackfillArgs(
        o.jobId(),
        o.dataDir(),
        dbUrl,
        o.dbUser(),
        o.dbPassword(),
        o.providerUrl(),
        o.master(),
        run,
        o.number("sim-seed"),
        archiveUrl(o),
        o.parsed("max-outage", BackfillArgs::duration).orElse(RetryPolicy.DEFAULT_MAX_OUTAGE));
  }

  /**
   * Binance's public data archive, on unless {@code --archive false}: {@code --archive-url}, else
   * {@link ProviderSettings#ARCHIVE_URL}.
   */
  private static Optional<URI> archiveUrl(JobOptions o) {
    URI url = o.httpUrl("archive-url", ProviderSettings.ARCHIVE_URL);
    return o.parsed("archive", BackfillArgs::bool).orElse(true)
        ? Optional.of(url)
        : Optional.empty();
  }

  /** {@code --vacuum-retention}, else {@code BACKTIDE_VACUUM_RETENTION}, else Delta's week. */
  private static Duration vacuumRetention(JobOptions o, Map<String, String> env) {
    Optional<String> fromEnv = Optional.ofNullable(env.get(VACUUM_RETENTION)).map(String::trim);
    return o.parsed("vacuum-retention", BackfillArgs::duration)
        .or(() -> fromEnv.map(BackfillArgs::environmentDuration))
        .orElse(CandleTable.DEFAULT_VACUUM_RETENTION);
  }

  private static Duration environmentDuration(String text) {
    try {
      return duration(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(VACUUM_RETENTION + " " + e.getMessage(), e);
    }
  }

  /**
   * {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, plain seconds, or ISO-8601 ({@code PT15M}).
   */
  static Duration duration(String text) {
    String t = text.trim();
    try {
      if (t.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(t));
      }
      if (t.matches("\\d+[smhd]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: expected e.g. 90s, 15m, 2h, 7d, 600 or PT15M");
    }
  }

  private static boolean bool(String text) {
    return switch (text.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
    };
  }
}
