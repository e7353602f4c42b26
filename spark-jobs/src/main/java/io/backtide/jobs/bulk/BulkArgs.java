package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.CandleSources;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The command line of {@link BulkBackfillApp}; every error names the argument. */
public record BulkArgs(
    UUID jobId,
    Optional<TimeRange> range,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String master,
    BulkSettings settings) {

  static final String USAGE =
      """
      usage: BulkBackfillApp --job-id UUID --feeds F1,F2,... [--start T --end T] --data-dir PATH
                             --db-url JDBC_URL [--chunk-days N] [--wave-chunks N] [--page-size N]
                             [--rate-limit provider=requestsPerMinute,...] [--provider-url URL]
                             [--sim-seed N] [--master M] [--table-uri URI]
        environment: DB_URL, DB_USER, DB_PASSWORD, BACKTIDE_DATA_DIR""";

  private static final Set<String> NAMES =
      Set.of(
          "job-id",
          "feeds",
          "start",
          "end",
          "data-dir",
          "db-url",
          "chunk-days",
          "wave-chunks",
          "page-size",
          "rate-limit",
          "provider-url",
          "sim-seed",
          "master",
          "table-uri");

  public static BulkArgs parse(String[] args, Map<String, String> env) {
    Map<String, String> a = pairs(args);
    String dbUrl = a.getOrDefault("db-url", env.get("DB_URL"));
    if (dbUrl == null || !dbUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "--db-url '" + dbUrl + "' is not a JDBC URL; set --db-url or DB_URL");
    }
    String dataDir = a.getOrDefault("data-dir", env.get("BACKTIDE_DATA_DIR"));
    if (dataDir == null || dataDir.isBlank()) {
      throw new IllegalArgumentException("--data-dir is missing (or set BACKTIDE_DATA_DIR)");
    }
    BulkSettings settings =
        new BulkSettings(
            feeds(required(a, "feeds")),
            positive(a, "chunk-days", 1),
            positive(a, "page-size", 1000),
            positive(a, "wave-chunks", 64),
            RateLimits.parse(a.get("rate-limit")),
            url(a.getOrDefault("provider-url", "https://api.binance.com")),
            a.containsKey("sim-seed") ? number("sim-seed", a.get("sim-seed")) : null,
            tableUri(a.get("table-uri")));
    return new BulkArgs(
        uuid(required(a, "job-id")),
        range(a),
        Path.of(dataDir).toAbsolutePath(),
        dbUrl,
        env.getOrDefault("DB_USER", ""),
        env.getOrDefault("DB_PASSWORD", ""),
        a.getOrDefault("master", "local[*]"),
        settings);
  }

  private static List<FeedKey> feeds(String text) {
    List<FeedKey> out = new ArrayList<>();
    for (String part : text.split(",")) {
      FeedKey feed;
      try {
        feed = FeedKey.parse(part.trim());
        CandleSources.requireKnown(feed.source());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--feeds " + e.getMessage(), e);
      }
      if (out.contains(feed)) {
        throw new IllegalArgumentException("--feeds names " + feed + " twice");
      }
      out.add(feed);
    }
    return out;
  }

  private static Optional<TimeRange> range(Map<String, String> a) {
    if (!a.containsKey("start") && !a.containsKey("end")) {
      return Optional.empty();
    }
    try {
      return Optional.of(TimeRange.parse(required(a, "start"), required(a, "end")));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("--")
          ? e
          : new IllegalArgumentException("--start/--end " + e.getMessage(), e);
    }
  }

  private static Map<String, String> pairs(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || !NAMES.contains(name.substring(2))) {
        throw new IllegalArgumentException("unknown argument '" + name + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " has no value");
      }
      out.put(name.substring(2), args[i + 1]);
    }
    return out;
  }

  private static String required(Map<String, String> a, String name) {
    String v = a.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--job-id '" + text + "' is not a UUID", e);
    }
  }

  private static Optional<String> tableUri(String text) {
    if (text == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getScheme() == null
        || uri.getPath() == null
        || uri.getPath().isEmpty()) {
      throw new IllegalArgumentException(
          "--table-uri '" + text + "' is not a URI with a scheme (file:///..., s3a://bucket/...)");
    }
    return Optional.of(uri.toString());
  }

  private static URI url(String text) {
    URI uri = URI.create(text);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("--provider-url '" + text + "' is not an http(s) URL");
    }
    return uri;
  }

  private static int positive(Map<String, String> a, String name, int fallback) {
    if (!a.containsKey(name)) {
      return fallback;
    }
    long n = number(name, a.get(name));
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "--" + name + " '" + a.get(name) + "' is not a positive integer");
    }
    return (int) n;
  }

  private static long number(String name, String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " '" + text + "' is not an integer", e);
    }
  }
}
