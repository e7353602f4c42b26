package io.backtide.control.testing;

import io.backtide.control.ControlPlane;
import io.backtide.control.ControlPlaneConfig;
import io.backtide.control.backfill.JobCommand;
import io.backtide.control.backfill.JobLauncher;
import io.backtide.control.backfill.LaunchSettings;
import io.backtide.control.backfill.ProcessJobLauncher;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A started control plane for tests: a fresh database on the test PostgreSQL, a temporary data
 * folder with its own feeds file, and the server on a random loopback port.
 *
 * <pre>{@code
 * try (var cp = RunningControlPlane.builder().apiKey("k").start()) {
 *   HttpResponse<String> r = cp.http().get("/reports/backfill/feeds", "X-API-Key", "k");
 * }
 * }</pre>
 *
 * By default jobs run for real (the Spark job as a child JVM on spark-jobs' runtime classpath, see
 * {@link #sparkJobClasspath()}); pass {@code launcher(settings -> new RecordingLauncher())} to keep
 * them pending.
 */
public final class RunningControlPlane implements AutoCloseable {
  /** The feeds every fixture configures unless told otherwise. */
  public static final List<String> DEFAULT_FEEDS =
      List.of(
          "binance/BTCUSDT/candle/1m",
          "binance/ETHUSDT/candle/1m",
          "sim/BTCUSDT/candle/1m",
          "sim/ETHUSDT/candle/1m",
          "sim/BTCUSDT/candle/1s");

  private final TestDatabase database;
  private final boolean ownsDatabase;
  private final Path dataDir;
  private final Path workDir;
  private final ControlPlane controlPlane;
  private final JobLauncher launcher;
  private final ControlPlaneConfig config;
  private final Clock clock;

  private RunningControlPlane(Builder b, Path workDir) {
    this.workDir = workDir;
    this.dataDir = b.dataDir.orElse(workDir.resolve("data"));
    this.ownsDatabase = b.database.isEmpty();
    this.database = b.database.orElseGet(TestDatabase::create);
    this.clock = b.clock;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", "0");
    env.put("BACKTIDE_DATA_DIR", dataDir.toString());
    env.put("DB_URL", database.url());
    env.put("FEEDS_FILE", writeFeeds(workDir, b.feeds).toString());
    env.put("BACKFILL_CLASSPATH", sparkJobClasspath());
    env.putAll(b.env);
    this.config = ControlPlaneConfig.fromEnvironment(env, workDir);
    LaunchSettings settings =
        new LaunchSettings(
            config.dataDir(),
            config.logDir(),
            database.url(),
            "",
            "",
            config.binanceBaseUrl(),
            config.binanceArchiveUrl(),
            config.backfillClasspath(),
            LaunchSettings.currentJava(),
            config.tableUri());
    this.launcher =
        b.launcher
            .orElse(
                s ->
                    new ProcessJobLauncher(
                        s, new JobCommand(s, config.sparkMaster()), Clock.systemUTC()))
            .apply(settings);
    this.controlPlane = ControlPlane.create(config, database.dataSource(), clock, launcher).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A control plane with the defaults: real launcher, default feeds, no API key. */
  public static RunningControlPlane start() {
    return builder().start();
  }

  /** {@code http://localhost:<port>} */
  public URI uri() {
    return controlPlane.uri();
  }

  /** The control plane itself. */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public Http http() {
    return new Http(uri());
  }

  public Path dataDir() {
    return dataDir;
  }

  public ControlPlaneConfig config() {
    return config;
  }

  public TestDatabase database() {
    return database;
  }

  /** The job table, e.g. to move a job along while a page test watches. */
  public BackfillJobRepository jobs() {
    return new BackfillJobRepository(database.dataSource(), clock);
  }

  public JobLauncher launcher() {
    return launcher;
  }

  @Override
  public void close() {
    controlPlane.close();
    if (ownsDatabase) {
      database.close();
    }
    deleteTree(workDir);
  }

  /**
   * The Spark job's own runtime classpath: {@code BACKFILL_CLASSPATH} from the test's environment,
   * else {@code spark-jobs/target/backfill-classpath.txt} (written when the reactor packages
   * spark-jobs, before this module's tests run). Not this test's classpath: Maven mediates it
   * together with Javalin's Jetty 12, whose servlet API breaks Spark. Empty when neither exists
   * (then launches answer 503 "not built").
   */
  public static String sparkJobClasspath() {
    String fromEnv = System.getenv("BACKFILL_CLASSPATH");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve(ControlPlaneConfig.BACKFILL_CLASSPATH_FILE);
      if (Files.isRegularFile(file)) {
        try {
          return Files.readString(file).trim();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return "";
  }

  private static Path writeFeeds(Path dir, List<String> feeds) {
    StringBuilder json = new StringBuilder("{\"feeds\": [");
    for (int i = 0; i < feeds.size(); i++) {
      json.append(i == 0 ? "" : ", ").append("{\"feed\": \"").append(feeds.get(i)).append("\"}");
    }
    Path file = dir.resolve("feeds.json");
    try {
      Files.writeString(file, json.append("]}").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp folder is harmless
    }
  }

  /** Options of the fixture; every one has a working default. */
  public static final class Builder {
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<String> feeds = DEFAULT_FEEDS;
    private Optional<TestDatabase> database = Optional.empty();
    private Optional<Path> dataDir = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private Optional<Function<LaunchSettings, JobLauncher>> launcher = Optional.empty();

    /** Sets a configuration variable as the environment would (e.g. STALE_AFTER). */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public Builder apiKey(String key) {
      return env("API_KEY", key);
    }

    /**
     * Points Binance REST and its archive at {@code url} (a fake exchange serves no archive files,
     * so every day comes from REST, and nothing leaves the machine).
     */
    public Builder binanceBaseUrl(String url) {
      env("BINANCE_ARCHIVE_URL", url);
      return env("BINANCE_BASE_URL", url);
    }

    public Builder feeds(List<String> feedKeys) {
      this.feeds = List.copyOf(feedKeys);
      return this;
    }

    /** Uses an existing database (it is not dropped on close), e.g. to restart on the same rows. */
    public Builder database(TestDatabase db) {
      this.database = Optional.of(db);
      return this;
    }

    /** Uses an existing data folder instead of a fresh one (it is not deleted on close). */
    public Builder dataDir(Path dir) {
      this.dataDir = Optional.of(dir);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /**
     * Replaces the real launcher (a {@link ProcessJobLauncher} that submits to {@code SPARK_MASTER}
     * when {@link #env} sets it, else runs a child JVM in local mode).
     */
    public Builder launcher(Function<LaunchSettings, JobLauncher> factory) {
      this.launcher = Optional.of(factory);
      return this;
    }

    public RunningControlPlane start() {
      try {
        return new RunningControlPlane(this, Files.createTempDirectory("backtide-cp-"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
