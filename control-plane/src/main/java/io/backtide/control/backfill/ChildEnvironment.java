package io.backtide.control.backfill;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment a job JVM gets: what Java, Spark and Hadoop need to run (paths, locale, time
 * zone, their own configuration, the job's log level and vacuum retention) plus the job's database
 * credentials and data folder; nothing else of the control plane's, so {@code API_KEY} and other
 * secrets stay in the control plane. With a table on object storage ({@code TABLE_URI}) the {@code
 * AWS_*} variables go too: S3A reads its credentials from them.
 */
final class ChildEnvironment {

  /** Passed on by exact name. */
  static final Set<String> NAMES =
      Set.of(
          "PATH",
          "HOME",
          "USER",
          "LOGNAME",
          "LANG",
          "TZ",
          "TMPDIR",
          "JAVA_HOME",
          "KUBECONFIG",
          "BACKTIDE_SPARK_LOG_LEVEL",
          "BACKTIDE_VACUUM_RETENTION");

  /** Passed on by prefix: locale, Spark, Hadoop and YARN settings. */
  static final List<String> PREFIXES = List.of("LC_", "SPARK_", "HADOOP_", "YARN_");

  private ChildEnvironment() {}

  /** Replaces {@code env} (a {@link ProcessBuilder}'s, a copy of ours) with the job's. */
  static void apply(Map<String, String> env, LaunchSettings settings) {
    boolean objectStorage = settings.tableUri().isPresent();
    env.keySet().removeIf(name -> !passedOn(name) && !(objectStorage && name.startsWith("AWS_")));
    env.put("DB_USER", settings.dbUser());
    env.put("DB_PASSWORD", settings.dbPassword());
    env.put("BACKTIDE_DATA_DIR", settings.dataDir().toString());
  }

  static boolean passedOn(String name) {
    return NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith);
  }
}
