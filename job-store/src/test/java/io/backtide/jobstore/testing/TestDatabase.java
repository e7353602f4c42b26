package io.backtide.jobstore.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.backtide.jobstore.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, migrated database on the real PostgreSQL server that {@code scripts/test-db.sh} starts.
 * Each instance creates its own database, so test classes never see each other's rows. Tests fail
 * (never skip) when no server is reachable.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String URL_VARIABLE = "BACKTIDE_TEST_DB_URL";

  private final String url;
  private final String name;
  private final String adminUrl;
  private final HikariDataSource dataSource;

  private TestDatabase(String adminUrl, String name, String url) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.url = url;
    this.dataSource = Database.pool(url, null, null, 25);
    Database.migrate(dataSource);
  }

  /** Creates and migrates a new database named after the caller. */
  public static TestDatabase create() {
    String adminUrl = System.getenv(URL_VARIABLE);
    if (adminUrl == null || adminUrl.isBlank()) {
      adminUrl = System.getProperty("backtide.test.db.url", "");
    }
    if (adminUrl.isBlank()) {
      throw new IllegalStateException(
          URL_VARIABLE
              + " is not set: start the test PostgreSQL with `eval \"$(scripts/test-db.sh --env)\"`"
              + " (or run the whole suite with scripts/test.sh)");
    }
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name.toLowerCase(Locale.ROOT));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot reach the test PostgreSQL at "
              + adminUrl
              + " ("
              + e.getMessage()
              + "): start it with scripts/test-db.sh",
          e);
    }
    return new TestDatabase(adminUrl, name, replaceDatabase(adminUrl, name));
  }

  private static String replaceDatabase(String url, String db) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    String params = q < 0 ? "" : url.substring(q);
    return base.substring(0, base.lastIndexOf('/') + 1) + db + params;
  }

  /** JDBC URL of this database (for child processes such as the Spark job). */
  public String url() {
    return url;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  /** Runs one SQL statement (test set-up such as ageing a heartbeat). */
  public void execute(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      // A leftover test database is harmless; the server lives under build/.
    }
  }
}
