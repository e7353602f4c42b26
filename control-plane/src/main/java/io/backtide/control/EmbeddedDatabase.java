package io.backtide.control;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (binaries from Maven Central) started by the control plane itself when no
 * {@code DB_URL} is given. Its files live under {@code <data>/postgres} and are reused across
 * restarts (also after the control plane was killed: see {@link #stopOrphan}); it listens on a free
 * loopback port, or, taking over from a killed control plane, on the port the server had: job
 * processes that outlived that control plane then reconnect to the same URL and keep recording.
 * Only the owner of the data folder ({@link DataFolderLock}) starts it.
 *
 * <p>It is private and durable: it listens on 127.0.0.1 only (no Unix socket), every connection
 * needs the superuser's password (scram-sha-256, no {@code trust} line), and {@code fsync} and
 * {@code synchronous_commit} are on. The password is generated at first start into {@code
 * <data>/postgres.password} (owner-only) and set again at every start, so the file is the truth.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dir;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dir, String password) {
    this.postgres = postgres;
    this.dir = dir;
    this.password = password;
  }

  /**
   * Starts (or reopens) the server in {@code dir}, under a data folder this process owns: {@code
   * owner} proves that no other control plane is using the folder, so a PostgreSQL still running on
   * it is an orphan and may be stopped.
   */
  public static EmbeddedDatabase start(Path dir, DataFolderLock owner) {
    if (!owner.isHeld()) {
      throw new IllegalStateException(
          "the data folder lock " + owner.file() + " is no longer held; not touching " + dir);
    }
    try {
      boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
      Files.createDirectories(dir);
      int port = orphanPort(dir);
      stopOrphan(dir);
      String password = SecretFile.readOrCreate(passwordFile(dir));
      EmbeddedPostgres.Builder builder = privateAndDurable(dir, password);
      if (port > 0) {
        LOG.info("reopening the embedded PostgreSQL on its previous port {}", port);
        builder.setPort(port);
      }
      EmbeddedPostgres pg = builder.start();
      EmbeddedDatabase db = new EmbeddedDatabase(pg, dir, password);
      LOG.info(
          "embedded PostgreSQL {} in {} at {} (user {}, password in {})",
          fresh ? "initialised" : "reopened",
          dir,
          db.jdbcUrl(),
          USER,
          passwordFile(dir));
      return db;
    } catch (IOException | UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot start the embedded PostgreSQL in "
              + dir
              + ": "
              + e.getMessage()
              + " (set DB_URL to use an external server)",
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
    }
  }

  /** Loopback only, no Unix socket, scram-sha-256 with {@code password}, fsync on. */
  private static EmbeddedPostgres.Builder privateAndDurable(Path dir, String password)
      throws IOException {
    File binaries = EmbeddedPostgresSetup.workingDirectory();
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(binaries)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("unix_socket_directories", "")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("password_encryption", "scram-sha-256")
        .setConnectConfig("password", password)
        .setDataDirectoryCustomizer(
            data -> EmbeddedPostgresSetup.secure(binaries.toPath(), data.toPath(), password));
  }

  /** The owner-only file with the superuser's password, next to the database folder. */
  public static Path passwordFile(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".password");
  }

  /**
   * Stops a PostgreSQL that an earlier control plane left running on {@code dir} (killed with
   * SIGKILL, it could not stop its server), so that this one can take the folder over. Safe only
   * under the data folder's lock: then the earlier control plane is certainly gone. A fast shutdown
   * (SIGINT: open sessions are rolled back, committed data is kept). A pid file whose process is
   * gone, or is not PostgreSQL, is left to PostgreSQL's own stale-file check.
   */
  static void stopOrphan(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    } catch (RuntimeException e) {
      return;
    }
    ProcessHandle orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
    if (orphan == null || !orphan.info().command().orElse("").endsWith("postgres")) {
      return;
    }
    LOG.warn(
        "stopping the PostgreSQL (pid {}) an earlier control plane left running in {}", pid, dir);
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      orphan.onExit().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL pid " + pid, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(
          "PostgreSQL pid "
              + pid
              + " (left running in "
              + dir
              + ") did not stop within 60 s;"
              + " stop it, then start again",
          e);
    }
  }

  /**
   * The port of a PostgreSQL an earlier control plane left running on {@code dir} (line 4 of {@code
   * postmaster.pid}), or 0 when there is none.
   */
  static int orphanPort(Path dir) {
    Path pidFile = dir.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile);
      long pid = Long.parseLong(lines.get(0).trim());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive && lines.size() > 3 ? Integer.parseInt(lines.get(3).trim()) : 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** JDBC URL with the user but without the password (see {@link #password()}). */
  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, USER);
  }

  public String user() {
    return USER;
  }

  /** The superuser's password: for connections, never for logs or command lines. */
  public String password() {
    return password;
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
