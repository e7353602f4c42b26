package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.control.MainProcess.Started;
import io.backtide.control.testing.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Main} as an operator runs it: a separate JVM with only environment variables, on the
 * embedded PostgreSQL, stopped with SIGTERM and started again on the same data folder.
 */
class MainProcessTest {
  private static final Pattern DB =
      Pattern.compile("embedded PostgreSQL (initialised|reopened) in \\S+ at (jdbc:\\S+)");

  @Test
  void startsOnEmbeddedPostgresStopsOnSigtermAndReusesItsData(@TempDir Path dir) throws Exception {
    Path feeds = dir.resolve("feeds.json");
    Files.writeString(feeds, "{\"feeds\": [{\"feed\": \"sim/BTCUSDT/candle/1m\"}]}");

    Started first = start(dir, feeds);
    Path passwordFile = dir.resolve("data/postgres.password");
    String password;
    try {
      var health = new Http(first.uri()).get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"db\":\"ok\"");
      assertThat(db(first).group(1)).isEqualTo("initialised");
      assertThat(Files.getPosixFilePermissions(passwordFile))
          .as("the database password is readable by its owner only")
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      password = Files.readString(passwordFile).trim();
      assertThat(password).hasSizeGreaterThanOrEqualTo(40);
      assertThat(first.output()).as("Main's log").doesNotContain(password);
      assertThatThrownBy(() -> DriverManager.getConnection(db(first).group(2)).close())
          .as("a connection without the password")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      execute(
          db(first).group(2),
          password,
          "CREATE TABLE marker (note text); INSERT INTO marker VALUES ('kept')");
    } finally {
      stop(first.process());
    }
    assertThat(first.process().exitValue()).as("exit after SIGTERM").isIn(0, 143);
    assertThat(dir.resolve("data/postgres/postmaster.pid"))
        .as("PostgreSQL stopped too")
        .doesNotExist();

    Started second = start(dir, feeds);
    try {
      assertThat(db(second).group(1)).isEqualTo("reopened");
      assertThat(Files.readString(passwordFile).trim())
          .as("the password is reused")
          .isEqualTo(password);
      assertThat(query(db(second).group(2), password, "SELECT note FROM marker")).isEqualTo("kept");
      assertThat(new Http(second.uri()).get("/health").statusCode()).isEqualTo(200);
    } finally {
      stop(second.process());
    }
  }

  @Test
  void refusesToServeTheNetworkWithoutAKey(@TempDir Path dir) throws Exception {
    ProcessBuilder pb = MainProcess.builder(dir, dir.resolve("feeds.json"));
    pb.environment().put("HOST", "0.0.0.0");
    pb.environment().remove("API_KEY");
    pb.environment().remove("ALLOW_OPEN");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isEqualTo(2);
    assertThat(output)
        .contains("HOST 0.0.0.0 serves the network")
        .contains("set API_KEY")
        .doesNotContain("Backtide control plane: http");
  }

  @Test
  void afterASigkillTheNextStartStopsTheOrphanedPostgresAndKeepsItsData(@TempDir Path dir)
      throws Exception {
    Path feeds = dir.resolve("feeds.json");
    Files.writeString(feeds, "{\"feeds\": [{\"feed\": \"sim/BTCUSDT/candle/1m\"}]}");
    Started first = start(dir, feeds);
    String password = Files.readString(dir.resolve("data/postgres.password")).trim();
    execute(
        db(first).group(2),
        password,
        "CREATE TABLE marker (note text); INSERT INTO marker VALUES ('kept')");
    first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Path pidFile = dir.resolve("data/postgres/postmaster.pid");
    long orphan = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
        .as("SIGKILL leaves PostgreSQL running")
        .contains(true);

    Started second = start(dir, feeds);
    try {
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
          .as("the orphan was stopped")
          .isFalse();
      assertThat(db(second).group(1)).isEqualTo("reopened");
      assertThat(query(db(second).group(2), password, "SELECT note FROM marker")).isEqualTo("kept");
      assertThat(new Http(second.uri()).get("/health").statusCode()).isEqualTo(200);
    } finally {
      stop(second.process());
    }
  }

  private static Started start(Path dir, Path feeds) throws Exception {
    return MainProcess.start(MainProcess.builder(dir, feeds));
  }

  private static void stop(Process p) throws InterruptedException {
    MainProcess.stop(p);
  }

  /** The embedded database's state ({@code initialised} or {@code reopened}) and JDBC URL. */
  private static Matcher db(Started started) {
    Matcher db = DB.matcher(started.output());
    assertThat(db.find()).as("Main's log names its database:\n" + started.output()).isTrue();
    return db;
  }

  private static void execute(String url, String password, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String query(String url, String password, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", password);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
