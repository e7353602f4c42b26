package io.backtide.jobs.cli;

import io.backtide.core.FeedKey;
import io.backtide.core.Provider;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.ProviderSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code --name value} pairs of a job's command line, with the checks every job application
 * shares. Each error is an {@link IllegalArgumentException} whose message starts with the
 * argument's name and says what was expected ({@code --page-size 'x' is not a positive integer}).
 * Names are given without the leading {@code --}.
 */
public final class JobOptions {
  /** The names every job accepts, on top of its own. */
  public static final Set<String> COMMON =
      Set.of("job-id", "data-dir", "db-url", "provider-url", "master");

  private final Map<String, String> values;
  private final Map<String, String> env;

  private JobOptions(Map<String, String> values, Map<String, String> env) {
    this.values = values;
    this.env = env;
  }

  /**
   * Reads {@code --name value} pairs; {@code env} is the fallback for the database and data root.
   *
   * @param own the job's names besides {@link #COMMON}
   * @throws IllegalArgumentException for a name not known or a name without a value
   */
  public static JobOptions parse(String[] args, Set<String> own, Map<String, String> env) {
    Set<String> known = new HashSet<>(COMMON);
    known.addAll(own);
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || !known.contains(name.substring(2))) {
        throw new IllegalArgumentException("unknown argument '" + name + "'");
      }
      if (i + 1 >= args.length) {
        throw bad(name.substring(2), "has no value");
      }
      out.put(name.substring(2), args[i + 1]);
    }
    return new JobOptions(Map.copyOf(out), Map.copyOf(env));
  }

  /** The value as given, if given. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public String required(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw bad(name, "is required");
    }
    return v;
  }

  /** The value read by {@code parse}, if given; its errors are prefixed with the name. */
  public <T> Optional<T> parsed(String name, Function<String, T> parse) {
    return get(name).map(text -> named(name, () -> parse.apply(text)));
  }

  /** An integer of at least 1, or {@code fallback} when not given. */
  public int positive(String name, int fallback) {
    String text = values.get(name);
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
    throw bad(name, "'" + text + "' is not a positive integer");
  }

  /** A whole number (a long), if given. */
  public OptionalLong number(String name) {
    String text = values.get(name);
    if (text == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      throw bad(name, "'" + text + "' is not an integer", e);
    }
  }

  /** {@code --job-id}, required. */
  public UUID jobId() {
    String text = required("job-id");
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw bad("job-id", "'" + text + "' is not a UUID", e);
    }
  }

  /**
   * {@code --start/--end} (for a job that has them among its own names): empty when neither is
   * given, both required when one is.
   */
  public Optional<TimeRange> range() {
    if (!values.containsKey("start") && !values.containsKey("end")) {
      return Optional.empty();
    }
    var start = named("start", () -> TimeRange.parseInstant("start", required("start")));
    var end = named("end", () -> TimeRange.parseInstant("end", required("end")));
    if (!start.isBefore(end)) {
      throw bad("start", start + " must be before --end " + end);
    }
    return Optional.of(new TimeRange(start, end));
  }

  /**
   * {@code --data-dir} or {@code BACKTIDE_DATA_DIR}, absolute: a readable, writable folder, or one
   * that can be created in such a folder.
   */
  public Path dataDir() {
    String text = values.getOrDefault("data-dir", env.get("BACKTIDE_DATA_DIR"));
    if (text == null || text.isBlank()) {
      throw bad("data-dir", "is missing (or set BACKTIDE_DATA_DIR)");
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
          "data-dir",
          "'" + text + "' is not a readable, writable folder (nor can it be created there)");
    }
    return dir;
  }

  /** {@code --db-url} or {@code DB_URL}: a JDBC URL. */
  public String dbUrl() {
    String url = values.getOrDefault("db-url", env.get("DB_URL"));
    if (url == null || !url.startsWith("jdbc:")) {
      throw bad(
          "db-url",
          "'"
              + url
              + "' is not a JDBC URL (jdbc:postgresql://host:port/db); set --db-url or DB_URL");
    }
    return url;
  }

  /** {@code DB_USER}, empty when not set. */
  public String dbUser() {
    return env.getOrDefault("DB_USER", "");
  }

  /** {@code DB_PASSWORD}, empty when not set. */
  public String dbPassword() {
    return env.getOrDefault("DB_PASSWORD", "");
  }

  /**
   * {@code --provider-url} or {@code PROVIDER_URL} (the control plane passes a URL with credentials
   * that way, out of {@code ps}): http(s), Binance's API when neither is given.
   */
  public URI providerUrl() {
    return httpUrl(
        "provider-url",
        URI.create(env.getOrDefault("PROVIDER_URL", ProviderSettings.BINANCE_URL.toString())));
  }

  /** An http(s) URL, or {@code fallback} when not given. */
  public URI httpUrl(String name, URI fallback) {
    String text = get(name, fallback.toString());
    URI uri = named(name, () -> URI.create(text));
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw bad(name, "'" + text + "' is not an http(s) URL");
    }
    return uri;
  }

  /** {@code --master}, {@code local[*]} when not given. */
  public String master() {
    return get("master", "local[*]");
  }

  /** A feed key whose provider is known and serves it (errors not yet naming an argument). */
  public static FeedKey knownFeed(String text) {
    FeedKey feed = FeedKey.parse(text);
    Provider.requireServes(feed);
    return feed;
  }

  /** Runs {@code parse}, prefixing {@code --name} to an error that does not start with it. */
  public static <T> T named(String name, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("--" + name)
          ? e
          : bad(name, e.getMessage(), e);
    }
  }

  /** The error {@code --name what}. */
  public static IllegalArgumentException bad(String name, String what) {
    return new IllegalArgumentException("--" + name + " " + what);
  }

  private static IllegalArgumentException bad(String name, String what, Throwable cause) {
    return new IllegalArgumentException("--" + name + " " + what, cause);
  }
}
