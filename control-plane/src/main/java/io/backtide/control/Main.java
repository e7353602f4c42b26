package io.backtide.control;

import com.zaxxer.hikari.HikariDataSource;
import io.backtide.control.backfill.JobClassData;
import io.backtide.control.backfill.JobCommand;
import io.backtide.control.backfill.LaunchSettings;
import io.backtide.control.backfill.ProcessJobLauncher;
import io.backtide.jobstore.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the control plane: reads the configuration from the environment, locks the data folder
 * (one control plane per folder), opens (or starts) the database, migrates it, and serves until
 * SIGTERM, when everything is stopped in reverse order.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final int POOL_SIZE = 10;

  private Main() {}

  public static void main(String[] args) {
    ControlPlaneConfig config = readConfig();
    LOG.info("configuration: {}", config);
    warnIfOpen(config);
    List<AutoCloseable> resources = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(resources), "backtide-stop"));
    try {
      DataFolderLock owner = DataFolderLock.acquire(config.dataDir(), Clock.systemUTC());
      resources.add(owner);
      Optional<EmbeddedDatabase> embedded =
          config.dbUrl().isEmpty()
              ? Optional.of(EmbeddedDatabase.start(config.embeddedDbDir(), owner))
              : Optional.empty();
      embedded.ifPresent(resources::add);
      DatabaseLogin login =
          embedded
              .map(db -> new DatabaseLogin(db.jdbcUrl(), db.user(), db.password()))
              .orElseGet(
                  () ->
                      new DatabaseLogin(
                          config.dbUrl().get(), config.dbUser(), config.dbPassword()));
      HikariDataSource pool = Database.pool(login.url(), login.user(), login.password(), POOL_SIZE);
      resources.add(pool);
      LOG.info("database: {} migration(s) applied", Database.migrate(pool));
      ProcessJobLauncher launcher = launcher(config, login);
      resources.add(launcher);
      Clock clock = Clock.systemUTC();
      ControlPlane controlPlane = ControlPlane.create(config, pool, clock, launcher);
      resources.add(controlPlane);
      controlPlane
          .start()
          .listening()
          .ifPresent(uri -> System.out.println("Backtide control plane: " + uri + "/"));
    } catch (RuntimeException e) {
      LOG.error("control plane failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }

  private static void warnIfOpen(ControlPlaneConfig config) {
    if (config.openWithoutKey()) {
      LOG.warn(
          "ALLOW_OPEN=true: serving {} WITHOUT an API key; anyone who reaches port {} can start,"
              + " cancel and read backfills. Use this on an isolated network only; set API_KEY"
              + " otherwise.",
          config.host(),
          config.port());
    }
  }

  private static ControlPlaneConfig readConfig() {
    try {
      return ControlPlaneConfig.fromEnvironment(System.getenv(), Path.of(""));
    } catch (IllegalArgumentException e) {
      System.err.println("backtide: configuration error: " + e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  /** How the control plane and its jobs log in to the database. */
  record DatabaseLogin(String url, String user, String password) {}

  static ProcessJobLauncher launcher(ControlPlaneConfig config, DatabaseLogin login) {
    LaunchSettings settings =
        new LaunchSettings(
            config.dataDir(),
            config.logDir(),
            login.url(),
            login.user(),
            login.password(),
            config.binanceBaseUrl(),
            config.binanceArchiveUrl(),
            config.backfillClasspath(),
            LaunchSettings.currentJava(),
            config.tableUri());
    JobClassData classData =
        config.jobClassData()
            ? JobClassData.in(
                config.jobClassDataDir(), config.backfillClasspath(), settings.javaBin())
            : JobClassData.off();
    return new ProcessJobLauncher(
        settings, new JobCommand(settings, config.sparkMaster()), Clock.systemUTC(), classData);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn(
            "while stopping {}: {}", resources.get(i).getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
