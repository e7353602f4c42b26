package io.backtide.control.backfill;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What every launched backfill needs besides its job row.
 *
 * @param dbUrl JDBC URL the child uses
 * @param dbUser user for the child, passed in its environment (DB_USER), may be empty
 * @param dbPassword password for the child, passed in its environment (DB_PASSWORD), never on the
 *     command line
 * @param binanceBaseUrl Binance spot's REST URL ({@code BINANCE_BASE_URL}), for {@code binance}
 *     feeds without {@code provider_url} (other sources use their own default)
 * @param binanceArchiveUrl Binance's public data archive, for feeds without {@code archive_url}
 * @param classpath the Spark job's runtime classpath ({@code BACKFILL_CLASSPATH})
 * @param javaBin the {@code java} executable for child JVMs
 * @param tableUri where bulk jobs keep the Delta table ({@code TABLE_URI}); empty: under {@code
 *     dataDir}. With it, the job's environment keeps the {@code AWS_*} variables (S3A's
 *     credentials).
 */
public record LaunchSettings(
    Path dataDir,
    Path logDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String binanceBaseUrl,
    String binanceArchiveUrl,
    String classpath,
    Path javaBin,
    java.util.Optional<String> tableUri) {

  public static final String MAIN_CLASS = "io.backtide.jobs.backfill.BackfillApp";

  public LaunchSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(logDir, "logDir");
    Objects.requireNonNull(dbUrl, "dbUrl");
    Objects.requireNonNull(dbUser, "dbUser");
    Objects.requireNonNull(dbPassword, "dbPassword");
    Objects.requireNonNull(binanceBaseUrl, "binanceBaseUrl");
    Objects.requireNonNull(binanceArchiveUrl, "binanceArchiveUrl");
    Objects.requireNonNull(classpath, "classpath");
    Objects.requireNonNull(javaBin, "javaBin");
    Objects.requireNonNull(tableUri, "tableUri");
  }

  /** Settings whose jobs keep the table under {@code dataDir}. */
  public LaunchSettings(
      Path dataDir,
      Path logDir,
      String dbUrl,
      String dbUser,
      String dbPassword,
      String binanceBaseUrl,
      String binanceArchiveUrl,
      String classpath,
      Path javaBin) {
    this(
        dataDir,
        logDir,
        dbUrl,
        dbUser,
        dbPassword,
        binanceBaseUrl,
        binanceArchiveUrl,
        classpath,
        javaBin,
        java.util.Optional.empty());
  }

  /** The {@code java} that runs this JVM. */
  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  public String toString() {
    return "LaunchSettings[dataDir=%s, logDir=%s, dbUrl=%s, dbUser=%s, dbPassword=%s, tableUri=%s]"
        .formatted(
            dataDir,
            logDir,
            dbUrl,
            dbUser,
            dbPassword.isEmpty() ? "(unset)" : "****",
            tableUri.orElse("(under dataDir)"));
  }

  /**
   * The provider base URL for a feed: its own option, else BINANCE_BASE_URL for {@code binance}
   * feeds; empty for other sources (the job uses the source's own default; sim ignores it).
   */
  java.util.Optional<String> providerUrl(ConfiguredFeed feed) {
    return feed.providerUrl()
        .or(
            () ->
                "binance".equals(feed.feed().source())
                    ? java.util.Optional.of(binanceBaseUrl)
                    : java.util.Optional.empty());
  }

  /** The archive base URL for a feed: its own {@code archive_url}, else BINANCE_ARCHIVE_URL. */
  String archiveUrl(ConfiguredFeed feed) {
    return feed.archiveUrl().orElse(binanceArchiveUrl);
  }
}
