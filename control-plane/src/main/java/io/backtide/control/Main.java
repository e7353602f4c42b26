package io.backtide.control;

import com.zaxxer.hikari.HikariDataSource;
import io.backtide.control.backfill.JobCommand;
import io.backtide.control.backfill.LaunchSettings;
import io.backtide.control.backfill.ProcessJobLauncher;
import io.backtide.jobstore.Database;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the control plane: reads the configuration from the environment, opens (or starts) the
 * database, migrates it, and serves until SIGTERM, when everything is stopped in reverse order.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final int POOL_SIZE = 10;

  private Main() {}

  public static void main(String[] args) {
    ControlPlaneConfig config = readConfig();
    LOG.info("configuration: {}", config);
    List<AutoCloseable> resources = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(resources), "backtide-stop"));
    try {
      Optional<EmbeddedDatabase> embedded =
          config.dbUrl().isEmpty()
              ? Optional.of(EmbeddedDatabase.start(config.embeddedDbDir()))
              : Optional.empty();
      embedded.ifPresent(resources::add);
      String jdbcUrl =
          embedded.map(EmbeddedDatabase::jdbcUrl).orElseGet(() -> config.dbUrl().get());
      HikariDataSource pool =
          Database.pool(jdbcUrl, config.dbUser(), config.dbPassword(), POOL_SIZE);
      resources.add(pool);
      LOG.info("database: {} migration(s) applied", Database.migrate(pool));
      ProcessJobLauncher launcher = launcher(config, childDbUrl(config, jdbcUrl));
      resources.add(launcher);
      Clock clock = Clock.systemUTC();
      ControlPlane controlPlane = ControlPlane.create(config, pool, clock, launcher);
      resources.add(controlPlane);
      controlPlane.start();
      System.out.println("Backtide control plane: " + controlPlane.uri() + "/");
    } catch (RuntimeException e) {
      LOG.error("control plane failed to start: {}", e.getMessage(), e);
      System.exit(1);
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

  static ProcessJobLauncher launcher(ControlPlaneConfig config, String childDbUrl) {
    LaunchSettings settings =
        new LaunchSettings(
            config.dataDir(),
            config.logDir(),
            childDbUrl,
            config.binanceBaseUrl(),
            config.backfillClasspath(),
            LaunchSettings.currentJava());
    return new ProcessJobLauncher(
        settings, new JobCommand(settings, config.sparkMaster()), Clock.systemUTC());
  }

  /** The child JVM gets only a URL: the credentials travel as URL parameters (masked in logs). */
  static String childDbUrl(ControlPlaneConfig config, String jdbcUrl) {
    StringBuilder url = new StringBuilder(jdbcUrl);
    appendParam(url, "user", config.dbUser());
    appendParam(url, "password", config.dbPassword());
    return url.toString();
  }

  private static void appendParam(StringBuilder url, String name, String value) {
    if (value.isEmpty() || url.indexOf(name + "=") >= 0) {
      return;
    }
    url.append(url.indexOf("?") < 0 ? '?' : '&')
        .append(name)
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
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
