package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.control.backfill.LaunchSettings;
import io.backtide.control.testing.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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
  private static final Pattern URL = Pattern.compile("Backtide control plane: (http://\\S+)/");
  private static final Pattern DB =
      Pattern.compile("embedded PostgreSQL (initialised|reopened) in \\S+ at (jdbc:\\S+)");

  record Started(Process process, URI uri, String dbState, String jdbcUrl, String output) {}

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
      assertThat(first.dbState()).isEqualTo("initialised");
      assertThat(Files.getPosixFilePermissions(passwordFile))
          .as("the database password is readable by its owner only")
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      password = Files.readString(passwordFile).trim();
      assertThat(password).hasSizeGreaterThanOrEqualTo(40);
      assertThat(first.output()).as("Main's log").doesNotContain(password);
      assertThatThrownBy(() -> DriverManager.getConnection(first.jdbcUrl()).close())
          .as("a connection without the password")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      execute(
          first.jdbcUrl(),
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
      assertThat(second.dbState()).isEqualTo("reopened");
      assertThat(Files.readString(passwordFile).trim())
          .as("the password is reused")
          .isEqualTo(password);
      assertThat(query(second.jdbcUrl(), password, "SELECT note FROM marker")).isEqualTo("kept");
      assertThat(new Http(second.uri()).get("/health").statusCode()).isEqualTo(200);
    } finally {
      stop(second.process());
    }
  }

  @Test
  void refusesToServeTheNetworkWithoutAKey(@TempDir Path dir) throws Exception {
    ProcessBuilder pb = main(dir, dir.resolve("feeds.json"));
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
        first.jdbcUrl(),
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
      assertThat(second.dbState()).isEqualTo("reopened");
      assertThat(query(second.jdbcUrl(), password, "SELECT note FROM marker")).isEqualTo("kept");
      assertThat(new Http(second.uri()).get("/health").statusCode()).isEqualTo(200);
    } finally {
      stop(second.process());
    }
  }

  private static ProcessBuilder main(Path dir, Path feeds) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                LaunchSettings.currentJava().toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    pb.environment().remove("DB_URL");
    pb.environment().remove("HOST");
    pb.environment().put("PORT", String.valueOf(freePort()));
    pb.environment().put("BACKTIDE_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("FEEDS_FILE", feeds.toString());
    pb.redirectErrorStream(true);
    return pb;
  }

  private static Started start(Path dir, Path feeds) throws Exception {
    Process p = main(dir, feeds).start();
    String dbState = null;
    String jdbc = null;
    StringBuilder seen = new StringBuilder();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      Matcher db = DB.matcher(line);
      if (db.find()) {
        dbState = db.group(1);
        jdbc = db.group(2);
      }
      Matcher url = URL.matcher(line);
      if (url.find()) {
        drain(out);
        return new Started(p, URI.create(url.group(1)), dbState, jdbc, seen.toString());
      }
    }
    throw new AssertionError("Main exited without printing its URL:\n" + seen);
  }

  private static void drain(BufferedReader out) {
    Thread t =
        new Thread(
            () -> {
              try {
                out.lines().forEach(l -> {});
              } catch (java.io.UncheckedIOException e) {
                // the process ended and its output closed
              }
            });
    t.setDaemon(true);
    t.start();
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Main did not stop within 60 s of SIGTERM");
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
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
