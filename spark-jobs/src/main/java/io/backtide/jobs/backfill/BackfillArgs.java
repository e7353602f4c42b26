package io.backtide.jobs.backfill;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.CandleSources;
import io.backtide.jobs.provider.ProviderSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
    Optional<FeedKey> feed,
    Optional<TimeRange> range,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    URI providerUrl,
    String master,
    RunSettings run,
    OptionalLong simSeed) {

  static final String USAGE =
      """
      usage: BackfillApp --job-id UUID [--feed source/subject/kind/granularity] [--start T --end T]
                         --data-dir PATH --db-url JDBC_URL [--provider-url URL] [--page-size N]
                         [--batch-rows N] [--write-mode rebuild|merge] [--sim-seed N] [--master M]
        environment: DB_URL, DB_USER, DB_PASSWORD, BACKTIDE_DATA_DIR""";

  private static final Set<String> NAMES =
      Set.of(
          "job-id",
          "feed",
          "start",
          "end",
          "data-dir",
          "db-url",
          "provider-url",
          "page-size",
          "batch-rows",
          "write-mode",
          "sim-seed",
          "master");

  /** Parses {@code --name value} pairs, with the environment as fallback for DB and data root. */
  public static BackfillArgs parse(String[] args, Map<String, String> env) {
    Map<String, String> a = pairs(args);
    Optional<FeedKey> feed =
        Optional.ofNullable(a.get("feed")).map(f -> wrap("--feed", () -> FeedKey.parse(f)));
    feed.ifPresent(
        f ->
            wrap(
                "--feed",
                () -> {
                  CandleSources.requireKnown(f.source());
                  return f;
                }));
    Optional<TimeRange> range = range(a);
    String dbUrl = orEnv(a, "db-url", env, "DB_URL");
    if (dbUrl == null || !dbUrl.startsWith("jdbc:")) {
      throw bad(
          "--db-url",
          "'"
              + dbUrl
              + "' is not a JDBC URL (jdbc:postgresql://host:port/db); set --db-url or DB_URL");
    }
    RunSettings run =
        RunSettings.defaults()
            .withPageSize(positive(a, "page-size", RunSettings.DEFAULT_PAGE_SIZE))
            .withBatchRows(positive(a, "batch-rows", RunSettings.DEFAULT_BATCH_ROWS))
            .withMode(
                wrap(
                    "--write-mode",
                    () -> WriteMode.parse(a.getOrDefault("write-mode", "rebuild"))));
    return new BackfillArgs(
        wrap("--job-id", () -> UUID.fromString(required(a, "job-id"))),
        feed,
        range,
        dataDir(orEnv(a, "data-dir", env, "BACKTIDE_DATA_DIR")),
        dbUrl,
        env.getOrDefault("DB_USER", ""),
        env.getOrDefault("DB_PASSWORD", ""),
        url(a.getOrDefault("provider-url", ProviderSettings.BINANCE_URL.toString())),
        a.getOrDefault("master", "local[*]"),
        run,
        a.containsKey("sim-seed")
            ? OptionalLong.of(wrap("--sim-seed", () -> Long.parseLong(a.get("sim-seed"))))
            : OptionalLong.empty());
  }

  private static Map<String, String> pairs(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || !NAMES.contains(name.substring(2))) {
        throw new IllegalArgumentException("unknown argument '" + name + "'");
      }
      if (i + 1 >= args.length) {
        throw bad(name, "has no value");
      }
      out.put(name.substring(2), args[i + 1]);
    }
    return out;
  }

  private static Optional<TimeRange> range(Map<String, String> a) {
    if (!a.containsKey("start") && !a.containsKey("end")) {
      return Optional.empty();
    }
    var start = wrap("--start", () -> TimeRange.parseInstant("start", required(a, "start")));
    var end = wrap("--end", () -> TimeRange.parseInstant("end", required(a, "end")));
    if (!start.isBefore(end)) {
      throw bad("--start", start + " must be before --end " + end);
    }
    return Optional.of(new TimeRange(start, end));
  }

  private static Path dataDir(String text) {
    if (text == null || text.isBlank()) {
      throw bad("--data-dir", "is missing (or set BACKTIDE_DATA_DIR)");
    }
    Path dir = Path.of(text).toAbsolutePath();
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null
        || !Files.isDirectory(existing)
        || !Files.isWritable(existing)
        || !Files.isReadable(existing)) {
      throw bad(
          "--data-dir",
          "'" + text + "' is not a readable, writable folder (nor can it be created there)");
    }
    return dir;
  }

  private static URI url(String text) {
    URI uri = wrap("--provider-url", () -> URI.create(text));
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw bad("--provider-url", "'" + text + "' is not an http(s) URL");
    }
    return uri;
  }

  private static int positive(Map<String, String> a, String name, int fallback) {
    String text = a.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad("--" + name, "'" + text + "' is not a positive integer");
  }

  private static String orEnv(
      Map<String, String> a, String name, Map<String, String> env, String var) {
    String v = a.get(name);
    return v != null ? v : env.get(var);
  }

  private static String required(Map<String, String> a, String name) {
    String v = a.get(name);
    if (v == null || v.isBlank()) {
      throw bad("--" + name, "is required");
    }
    return v;
  }

  private static <T> T wrap(String name, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith(name)
          ? e
          : bad(name, e.getMessage());
    }
  }

  private static IllegalArgumentException bad(String name, String what) {
    return new IllegalArgumentException(name + " " + what);
  }
}
