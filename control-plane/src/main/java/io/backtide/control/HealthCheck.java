package io.backtide.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Checks that the database answers and the data folder is usable with at least {@code minFreeBytes}
 * free.
 */
final class HealthCheck {
  private static final int DB_TIMEOUT_SECONDS = 2;

  private final DataSource dataSource;
  private final Path dataDir;
  private final long minFreeBytes;

  HealthCheck(DataSource dataSource, Path dataDir, long minFreeBytes) {
    this.dataSource = dataSource;
    this.dataDir = dataDir;
    this.minFreeBytes = minFreeBytes;
  }

  Health check() {
    String db = database();
    long free = freeBytes();
    String data = dataFolder(free);
    boolean ok = Health.OK.equals(db) && Health.OK.equals(data);
    return new Health(ok ? Health.OK : "degraded", db, data, free);
  }

  private String database() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(DB_TIMEOUT_SECONDS) ? Health.OK : "error: connection is not valid";
    } catch (SQLException | RuntimeException e) {
      return "error: " + e.getMessage();
    }
  }

  private String dataFolder(long free) {
    if (!Files.isDirectory(dataDir)) {
      return "error: " + dataDir + " is not a directory";
    }
    if (!Files.isWritable(dataDir)) {
      return "error: " + dataDir + " is not writable";
    }
    if (free >= 0 && free < minFreeBytes) {
      return "low space: "
          + free
          + " bytes free under "
          + dataDir
          + ", below MIN_FREE_SPACE ("
          + minFreeBytes
          + " bytes)";
    }
    return Health.OK;
  }

  private long freeBytes() {
    try {
      return Files.getFileStore(dataDir).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }
}
