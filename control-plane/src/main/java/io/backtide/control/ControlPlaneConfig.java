package io.backtide.control;

import io.backtide.core.DataRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the control plane reads from its environment, validated once in {@link Main}. {@link
 * #toString()} masks the secrets ({@code DB_PASSWORD}, {@code API_KEY}) so the record can be
 * logged.
 *
 * @param port HTTP port ({@code PORT}); 0 picks a free one (tests)
 * @param host the address the HTTP server binds to ({@code HOST}): {@code 127.0.0.1} (this machine
 *     only, the default) or e.g. {@code 0.0.0.0} (every interface, as a container needs), which
 *     needs {@code API_KEY} (or {@code ALLOW_OPEN=true})
 * @param dataDir data root ({@code BACKTIDE_DATA_DIR}), absolute
 * @param dbUrl external PostgreSQL ({@code DB_URL}); empty means embedded under {@code
 *     <data>/postgres}
 * @param backfillClasspath classpath of the Spark job ({@code BACKFILL_CLASSPATH}); may be empty
 *     until spark-jobs is built
 * @param tableUri where bulk jobs keep the Delta table ({@code TABLE_URI}, any Hadoop URI such as
 *     {@code s3a://bucket/backtide/candles}); empty means {@code <data>/delta/candles}
 * @param binanceArchiveUrl Binance's public data archive ({@code BINANCE_ARCHIVE_URL}), where
 *     Binance jobs fetch whole past days first; a feed may set its own or turn it off
 * @param recoveryEvery how often stale or orphaned jobs are looked for ({@code RECOVERY_EVERY})
 * @param minFreeBytes free space under the data folder below which {@code /health} is degraded
 *     ({@code MIN_FREE_SPACE}, e.g. {@code 512m}, {@code 2g} or plain bytes; default 512 MiB)
 * @param jobClassData whether job JVMs share a class-data archive ({@code JOB_CLASS_DATA}, default
 *     true; see {@code JobClassData})
 * @param access who may reach the server from elsewhere ({@code ALLOW_OPEN}, {@code ALLOWED_HOSTS},
 *     {@code ALLOWED_ORIGINS})
 */
public record ControlPlaneConfig(
    int port,
    String host,
    Path dataDir,
    Optional<String> dbUrl,
    String dbUser,
    String dbPassword,
    Path feedsFile,
    Optional<String> apiKey,
    boolean apiReadAuth,
    String binanceBaseUrl,
    String binanceArchiveUrl,
    Optional<String> sparkMaster,
    String backfillClasspath,
    Optional<String> tableUri,
    Duration staleAfter,
    int maxAttempts,
    Duration maxRange,
    Duration recoveryEvery,
    long minFreeBytes,
    boolean jobClassData,
    NetworkAccess access) {

  private static final java.util.regex.Pattern HOST =
      java.util.regex.Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");

  /** Where the spark-jobs build writes the Spark job's runtime classpath (one line). */
  public static final Path BACKFILL_CLASSPATH_FILE =
      Path.of("spark-jobs/target/backfill-classpath.txt");

  public ControlPlaneConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(dbUrl, "dbUrl");
    Objects.requireNonNull(dbUser, "dbUser");
    Objects.requireNonNull(dbPassword, "dbPassword");
    Objects.requireNonNull(feedsFile, "feedsFile");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(binanceBaseUrl, "binanceBaseUrl");
    Objects.requireNonNull(binanceArchiveUrl, "binanceArchiveUrl");
    Objects.requireNonNull(sparkMaster, "sparkMaster");
    Objects.requireNonNull(backfillClasspath, "backfillClasspath");
    Objects.requireNonNull(tableUri, "tableUri");
    if (port < 0 || port > 65535) {
      throw invalid("PORT", String.valueOf(port), "a port number 0-65535");
    }
    if (!HOST.matcher(host).matches()) {
      throw invalid("HOST", host, "an IP address or host name such as 0.0.0.0 or 127.0.0.1");
    }
    requirePositive("STALE_AFTER", staleAfter);
    requirePositive("MAX_RANGE", maxRange);
    requirePositive("RECOVERY_EVERY", recoveryEvery);
    if (maxAttempts < 1) {
      throw invalid("MAX_ATTEMPTS", String.valueOf(maxAttempts), "an integer >= 1");
    }
    if (minFreeBytes < 0) {
      throw invalid("MIN_FREE_SPACE", String.valueOf(minFreeBytes), "a size >= 0");
    }
    Objects.requireNonNull(access, "access");
    if (!NetworkAccess.isLoopback(host) && apiKey.isEmpty() && !access.allowOpen()) {
      throw new IllegalArgumentException(
          "HOST "
              + host
              + " serves the network, and without API_KEY anyone who reaches it could start,"
              + " cancel and read backfills: set API_KEY to a long random key (e.g. `openssl rand"
              + " -hex 32`), or keep HOST=127.0.0.1, or set ALLOW_OPEN=true on an isolated"
              + " network only");
    }
  }

  /**
   * Reads and checks the variables; relative paths are resolved against {@code workDir}.
   *
   * @throws IllegalArgumentException naming the variable, its value and what is accepted
   */
  public static ControlPlaneConfig fromEnvironment(Map<String, String> env, Path workDir) {
    Path data = workDir.resolve(get(env, "BACKTIDE_DATA_DIR").orElse("data")).toAbsolutePath();
    return new ControlPlaneConfig(
        integer(env, "PORT", 8000),
        get(env, "HOST").orElse("127.0.0.1"),
        data.normalize(),
        get(env, "DB_URL").map(u -> requireJdbc("DB_URL", u)),
        get(env, "DB_USER").orElse(""),
        get(env, "DB_PASSWORD").orElse(""),
        workDir.resolve(get(env, "FEEDS_FILE").orElse("config/feeds.json")).toAbsolutePath(),
        get(env, "API_KEY"),
        bool(env, "API_READ_AUTH"),
        get(env, "BINANCE_BASE_URL")
            .map(u -> requireHttp("BINANCE_BASE_URL", u))
            .orElse("https://api.binance.com"),
        get(env, "BINANCE_ARCHIVE_URL")
            .map(u -> requireHttp("BINANCE_ARCHIVE_URL", u))
            .orElse("https://data.binance.vision"),
        get(env, "SPARK_MASTER"),
        get(env, "BACKFILL_CLASSPATH").orElseGet(() -> readClasspathFile(workDir)),
        get(env, "TABLE_URI").map(u -> requireTableUri("TABLE_URI", u)),
        duration(env, "STALE_AFTER", Duration.ofSeconds(60)),
        integer(env, "MAX_ATTEMPTS", 3),
        duration(env, "MAX_RANGE", Duration.ofDays(5 * 366)),
        duration(env, "RECOVERY_EVERY", Duration.ofSeconds(15)),
        EnvValues.size(env, "MIN_FREE_SPACE", 512L << 20),
        bool(env, "JOB_CLASS_DATA", true),
        new NetworkAccess(
            bool(env, "ALLOW_OPEN"),
            NetworkAccess.parseHosts(get(env, "ALLOWED_HOSTS").orElse("")),
            NetworkAccess.parseOrigins(get(env, "ALLOWED_ORIGINS").orElse(""))));
  }

  /** Serving other machines without a key, as {@code ALLOW_OPEN=true} allows. */
  public boolean openWithoutKey() {
    return !NetworkAccess.isLoopback(host) && apiKey.isEmpty();
  }

  /** Where the embedded PostgreSQL keeps its files. */
  public Path embeddedDbDir() {
    return dataDir.resolve("postgres");
  }

  /** Where the Spark job's logs ({@code {job-id}.log}) and pid files go. */
  public Path logDir() {
    return DataRoot.of(dataDir).logs();
  }

  /** Where the job JVMs' class-data archive is kept ({@code JobClassData}). */
  public Path jobClassDataDir() {
    return dataDir.resolve("cds");
  }

  /** The published daily files and their {@code _index.json}. */
  public Path publishedDir() {
    return DataRoot.of(dataDir).published();
  }

  @Override
  public String toString() {
    return "ControlPlaneConfig[PORT=%d, HOST=%s, BACKTIDE_DATA_DIR=%s, DB_URL=%s, DB_USER=%s,"
            .formatted(port, host, dataDir, dbUrl.map(Redact::secrets).orElse("(embedded)"), dbUser)
        + " DB_PASSWORD=%s,".formatted(mask(dbPassword))
        + " FEEDS_FILE=%s, API_KEY=%s, API_READ_AUTH=%s, BINANCE_BASE_URL=%s,"
            .formatted(
                feedsFile, mask(apiKey.orElse("")), apiReadAuth, Redact.secrets(binanceBaseUrl))
        + " BINANCE_ARCHIVE_URL=%s, SPARK_MASTER=%s,"
            .formatted(
                Redact.secrets(binanceArchiveUrl),
                sparkMaster.map(Redact::secrets).orElse("(child JVM, local mode)"))
        + " BACKFILL_CLASSPATH=%s, TABLE_URI=%s,"
            .formatted(
                describeClasspath(), tableUri.map(Redact::secrets).orElse("(under the data dir)"))
        + " STALE_AFTER=%s, MAX_ATTEMPTS=%d, MAX_RANGE=%s, RECOVERY_EVERY=%s,"
            .formatted(staleAfter, maxAttempts, maxRange, recoveryEvery)
        + " MIN_FREE_SPACE=%d bytes, JOB_CLASS_DATA=%s,".formatted(minFreeBytes, jobClassData)
        + " ALLOW_OPEN=%s, ALLOWED_HOSTS=%s, ALLOWED_ORIGINS=%s]"
            .formatted(access.allowOpen(), access.allowedHosts(), access.allowedOrigins());
  }

  private String describeClasspath() {
    if (backfillClasspath.isBlank()) {
      return "(empty: build spark-jobs)";
    }
    return backfillClasspath.split(java.io.File.pathSeparator).length + " entries";
  }

  private static String mask(String secret) {
    return secret.isEmpty() ? "(unset)" : "****";
  }

  private static Optional<String> get(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(s -> !s.isEmpty());
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    Optional<String> text = get(env, name);
    try {
      return text.map(Integer::parseInt).orElse(fallback);
    } catch (NumberFormatException e) {
      throw invalid(name, text.orElseThrow(), "an integer");
    }
  }

  private static boolean bool(Map<String, String> env, String name) {
    return bool(env, name, false);
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String text = get(env, name).orElse(String.valueOf(fallback)).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw invalid(name, text, "true or false");
    };
  }

  static Duration duration(Map<String, String> env, String name, Duration fallback) {
    Optional<String> text = get(env, name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return EnvValues.parseDuration(text.get());
    } catch (RuntimeException e) {
      throw invalid(
          name,
          text.get(),
          "a duration such as 90s, 15m, 2h, 30d, 5y (y = 366 days), PT60S, or plain seconds");
    }
  }

  private static String requireJdbc(String name, String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw invalid(name, url, "a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
    }
    return url;
  }

  private static String requireHttp(String name, String url) {
    try {
      URI uri = URI.create(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw invalid(name, url, "an http(s) URL such as https://api.binance.com");
  }

  /** A Hadoop URI with a scheme and a path (the job checks it again as {@code --table-uri}). */
  private static String requireTableUri(String name, String uri) {
    try {
      URI parsed = new URI(uri);
      if (parsed.getScheme() != null
          && parsed.getScheme().length() > 1
          && parsed.getPath() != null
          && parsed.getPath().length() > 1) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw invalid(
        name, uri, "a table URI with a scheme and a path, e.g. s3a://bucket/backtide/candles");
  }

  private static String readClasspathFile(Path workDir) {
    Path file = workDir.resolve(BACKFILL_CLASSPATH_FILE);
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "BACKFILL_CLASSPATH is unset and " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static void requirePositive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw invalid(name, d.toString(), "a positive duration");
    }
  }

  static IllegalArgumentException invalid(String name, String value, String expected) {
    return new IllegalArgumentException(
        "invalid " + name + " '" + value + "': expected " + expected);
  }
}
