package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL is private and durable: password-only (scram-sha-256) on loopback, with
 * fsync and synchronous commit on, and its generated password survives restarts.
 */
class EmbeddedDatabaseTest {

  @Test
  void onlyThePasswordGetsInAndARestartReusesItAndTheData(@TempDir Path data) throws Exception {
    Path dir = data.resolve("postgres");
    String password;
    try (DataFolderLock owner = DataFolderLock.acquire(data, Clock.systemUTC())) {
      password = firstStart(dir, owner);
      assertThat(Files.readString(dir.resolve("pg_hba.conf"))).doesNotContain("trust");
      try (EmbeddedDatabase again = EmbeddedDatabase.start(dir, owner)) {
        assertThat(again.password()).as("the password is reused").isEqualTo(password);
        try (Connection c = DriverManager.getConnection(again.jdbcUrl(), "postgres", password)) {
          assertThat(single(c, "SELECT note FROM marker")).isEqualTo("kept");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(again.jdbcUrl()).close())
            .isInstanceOf(SQLException.class);
      }
    }
  }

  private static String firstStart(Path dir, DataFolderLock owner) throws Exception {
    Path passwordFile = dir.resolveSibling("postgres.password");
    String password;
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, owner)) {
      password = db.password();
      assertThat(EmbeddedDatabase.passwordFile(dir)).isEqualTo(passwordFile);
      assertThat(Files.readString(passwordFile).trim()).isEqualTo(password);
      assertThat(Files.getPosixFilePermissions(passwordFile))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(db.jdbcUrl()).doesNotContain(password);

      assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl()).close())
          .as("no password")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("no password was provided");
      assertThatThrownBy(
              () -> DriverManager.getConnection(db.jdbcUrl(), "postgres", "postgres").close())
          .as("a guessed password")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");

      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), password)) {
        assertThat(settings(c))
            .containsEntry("fsync", "on")
            .containsEntry("synchronous_commit", "on")
            .containsEntry("listen_addresses", "127.0.0.1")
            .containsEntry("password_encryption", "scram-sha-256");
        assertThat(single(c, "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method = 'trust'"))
            .as("trust lines in pg_hba.conf")
            .isEqualTo("0");
        assertThat(single(c, "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'"))
            .startsWith("SCRAM-SHA-256$");
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE marker (note text); INSERT INTO marker VALUES ('kept')");
        }
      }
    }
    return password;
  }

  private static Map<String, String> settings(Connection c) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name, setting FROM pg_settings WHERE name IN ('fsync',"
                    + " 'synchronous_commit', 'listen_addresses', 'password_encryption')")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
