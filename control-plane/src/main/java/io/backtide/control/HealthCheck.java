package io.backtide.control;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Checks that the database answers and the data folder is usable. */
final class HealthCheck {
  private static final int DB_TIMEOUT_SECONDS = 2;

  private final DataSource dataSource;
  private final Path dataDir;

  HealthCheck(DataSource dataSource, Path dataDir) {
    this.dataSource = dataSource;
    this.dataDir = dataDir;
  }

  Health check() {
    String db = database();
    String data = dataFolder();
    boolean ok = Health.OK.equals(db) && Health.OK.equals(data);
    return new Health(ok ? Health.OK : "degraded", db, data);
  }

  private String database() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(DB_TIMEOUT_SECONDS) ? Health.OK : "error: connection is not valid";
    } catch (SQLException | RuntimeException e) {
      return "error: " + e.getMessage();
    }
  }

  private String dataFolder() {
    if (!Files.isDirectory(dataDir)) {
      return "error: " + dataDir + " is not a directory";
    }
    if (!Files.isWritable(dataDir)) {
      return "error: " + dataDir + " is not writable";
    }
    return Health.OK;
  }
}
