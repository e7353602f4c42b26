package io.backtide.control;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the embedded PostgreSQL's data folder gets before each start: a {@code pg_hba.conf} with
 * password lines only, and the superuser's password set from the secret file (in single-user mode,
 * so no server ever runs without it). zonky's {@code initdb} writes {@code trust} lines, which this
 * replaces before the first start.
 */
final class EmbeddedPostgresSetup {
  static final String PG_HBA =
      """
      # Written by Backtide at every start of the embedded PostgreSQL (edits are replaced).
      # TCP on loopback only, and every connection needs the password (scram-sha-256).
      # TYPE  DATABASE  USER  ADDRESS       METHOD
      host    all       all   127.0.0.1/32  scram-sha-256
      host    all       all   ::1/128       scram-sha-256
      """;
  private static final long SINGLE_USER_TIMEOUT_SECONDS = 120;

  private EmbeddedPostgresSetup() {}

  /** Where zonky unpacks the PostgreSQL binaries (its own default, made explicit). */
  static File workingDirectory() {
    return new File(
        System.getProperty(
            "ot.epg.working-dir",
            new File(System.getProperty("java.io.tmpdir"), "embedded-pg").getPath()));
  }

  /** Replaces {@code pg_hba.conf} and sets the superuser's password; runs before each start. */
  static void secure(Path binaries, Path data, String password) {
    try {
      Files.writeString(data.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.UTF_8);
      setPassword(postgresBinary(binaries, data), data, password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot secure " + data + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code ALTER ROLE} in single-user mode: the statement goes through stdin, never the command
   * line, and the backend's output is kept only to explain a failure.
   */
  private static void setPassword(Path postgres, Path data, String password) throws IOException {
    Path output = Files.createTempFile("backtide-pg-single", ".log");
    try {
      List<String> cmd = new ArrayList<>();
      if (LinuxUtils.isUnshareAvailable()) {
        cmd.addAll(List.of("unshare", "-U")); // as zonky runs its binaries when we are root
      }
      cmd.addAll(
          List.of(
              postgres.toString(),
              "--single",
              "-D",
              data.toString(),
              "-c",
              "password_encryption=scram-sha-256",
              EmbeddedDatabase.USER));
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      try (OutputStream in = p.getOutputStream()) {
        String sql = "ALTER ROLE " + EmbeddedDatabase.USER + " PASSWORD '" + password + "';\n";
        in.write(sql.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(SINGLE_USER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("postgres --single did not finish within 120 s");
      }
      String log = Files.readString(output, StandardCharsets.UTF_8).replace(password, "****");
      if (p.exitValue() != 0 || log.contains("ERROR")) {
        throw new IOException(
            "setting the password in single-user mode failed (exit " + p.exitValue() + "): " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while setting the password", e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** The unpacked {@code bin/postgres} whose major version is the data folder's. */
  static Path postgresBinary(Path binaries, Path data) throws IOException {
    String major = Files.readString(data.resolve("PG_VERSION")).trim();
    List<Path> candidates;
    try (Stream<Path> dirs = Files.list(binaries)) {
      candidates =
          dirs.filter(d -> d.getFileName().toString().startsWith("PG-"))
              .map(d -> d.resolve("bin/postgres"))
              .filter(Files::isExecutable)
              .toList();
    }
    for (Path candidate : candidates) {
      if (version(candidate).filter(v -> v.startsWith(major + ".")).isPresent()) {
        return candidate;
      }
    }
    throw new IOException(
        "no PostgreSQL " + major + " binaries under " + binaries + " (found " + candidates + ")");
  }

  private static Optional<String> version(Path postgres) throws IOException {
    try {
      Process p = new ProcessBuilder(postgres.toString(), "--version").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(30, TimeUnit.SECONDS);
      // "postgres (PostgreSQL) 14.22"
      return Optional.of(out.substring(out.lastIndexOf(' ') + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + postgres + " for its version", e);
    }
  }
}
