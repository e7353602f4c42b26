package io.backtide.control;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (binaries from Maven Central) started by the control plane itself when no
 * {@code DB_URL} is given. Its files live under {@code <data>/postgres} and are reused across
 * restarts; it listens on a free loopback port.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final Path dir;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dir) {
    this.postgres = postgres;
    this.dir = dir;
  }

  public static EmbeddedDatabase start(Path dir) {
    try {
      boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
      Files.createDirectories(dir);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start();
      EmbeddedDatabase db = new EmbeddedDatabase(pg, dir);
      LOG.info(
          "embedded PostgreSQL {} in {} at {}",
          fresh ? "initialised" : "reopened",
          dir,
          db.jdbcUrl());
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the embedded PostgreSQL in "
              + dir
              + ": "
              + e.getMessage()
              + " (set DB_URL to use an external server)",
          e);
    }
  }

  /** JDBC URL with the user, usable by child processes as it is. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL in {} did not stop cleanly: {}", dir, e.getMessage());
    }
  }
}
