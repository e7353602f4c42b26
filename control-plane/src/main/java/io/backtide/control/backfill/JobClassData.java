package io.backtide.control.backfill;

import io.backtide.core.Sha256;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data-sharing (CDS) archive for the job JVMs: the classes a job loads (Spark, Delta,
 * Hadoop, Parquet: about 20,000), parsed and verified once and then mapped from one file by every
 * later job, which cuts the JVM's share of a job's start by about half. Java 17 writes such an
 * archive when a JVM started with {@code -XX:ArchiveClassesAtExit} exits, and only from classpath
 * entries that are jar files.
 *
 * <p>The first job after a build (no archive for its classpath yet) writes one under a temporary
 * name; it becomes the archive only when that job exits with 0 (a killed or failed job leaves
 * nothing). Later jobs start with {@code -XX:SharedArchiveFile}. The archive's name is a hash of
 * the classpath's jars (path, size, modification time) and the Java runtime, so a rebuild or a new
 * JDK trains a new one (and the old ones are deleted); a JVM that still cannot use an archive warns
 * in the job's log and runs without it ({@code -Xshare:auto}, Java's default). One job trains at a
 * time; others meanwhile run without.
 */
public final class JobClassData {
  private static final Logger LOG = LoggerFactory.getLogger(JobClassData.class);
  private static final Use NONE = new Use(List.of(), code -> {});
  private static final String PREFIX = "job-";
  private static final String SUFFIX = ".jsa";

  private final Optional<Path> archive;
  private final AtomicBoolean training = new AtomicBoolean();

  private JobClassData(Optional<Path> archive) {
    this.archive = archive;
  }

  /** What one launch adds to its command line, and what to do when its process exits. */
  public record Use(List<String> options, IntConsumer exited) {}

  /** No archive: jobs start as plain JVMs. */
  public static JobClassData off() {
    return new JobClassData(Optional.empty());
  }

  /**
   * An archive in {@code dir} for jobs run by {@code javaBin} with {@code classpath}; off when an
   * entry of the classpath is not a jar file (CDS archives classes from jars only).
   */
  public static JobClassData in(Path dir, String classpath, Path javaBin) {
    List<Path> entries =
        classpath.isBlank()
            ? List.of()
            : List.of(classpath.split(File.pathSeparator)).stream().map(Path::of).toList();
    Optional<Path> notJar =
        entries.stream()
            .filter(p -> !p.toString().endsWith(".jar") || !Files.isRegularFile(p))
            .findFirst();
    if (entries.isEmpty() || notJar.isPresent()) {
      LOG.info(
          "job class-data sharing off: {}",
          entries.isEmpty() ? "no job classpath" : notJar.get() + " is not a jar file");
      return off();
    }
    return new JobClassData(Optional.of(dir.resolve(PREFIX + key(entries, javaBin) + SUFFIX)));
  }

  /** The archive jobs use once it is written; empty when off. */
  public Optional<Path> archive() {
    return archive;
  }

  /**
   * The options of the next launch: use the archive, or write it (one launch at a time), or none.
   */
  public Use use() {
    if (archive.isEmpty()) {
      return NONE;
    }
    Path done = archive.get();
    if (Files.isRegularFile(done)) {
      return new Use(List.of("-XX:SharedArchiveFile=" + done), code -> {});
    }
    if (!training.compareAndSet(false, true)) {
      return NONE;
    }
    try {
      Files.createDirectories(done.getParent());
    } catch (IOException e) {
      training.set(false);
      LOG.warn("job class-data sharing: cannot create {}: {}", done.getParent(), e.toString());
      return NONE;
    }
    Path partial = done.resolveSibling(done.getFileName() + "." + UUID.randomUUID() + ".tmp");
    // The dump warns about every class it skips (generated ones, Java 5 bytecode): not for the log.
    return new Use(
        List.of("-XX:ArchiveClassesAtExit=" + partial, "-Xlog:cds*=error"),
        code -> trained(partial, done, code));
  }

  private void trained(Path partial, Path done, int exitCode) {
    try {
      if (exitCode == 0 && Files.isRegularFile(partial) && Files.size(partial) > 0) {
        Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("job class-data sharing: wrote {} ({} MiB)", done, Files.size(done) >> 20);
        deleteOthers(done);
      } else {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      LOG.warn("job class-data sharing: cannot keep {}: {}", partial, e.toString());
      deleteQuietly(partial);
    } finally {
      training.set(false);
    }
  }

  /** Archives of earlier builds (and partial ones of killed control planes): ~150 MiB each. */
  private static void deleteOthers(Path keep) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(keep.getParent(), PREFIX + "*")) {
      for (Path f : files) {
        if (!f.equals(keep)) {
          deleteQuietly(f);
        }
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("job class-data sharing: cannot delete {}: {}", file, e.toString());
    }
  }

  private static String key(List<Path> jars, Path javaBin) {
    try {
      MessageDigest sha = Sha256.digest();
      for (Path jar : jars) {
        String line =
            jar.toAbsolutePath()
                + " "
                + Files.size(jar)
                + " "
                + Files.getLastModifiedTime(jar)
                + "\n";
        sha.update(line.getBytes(StandardCharsets.UTF_8));
      }
      sha.update(javaBin.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
      sha.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(), 0, 6);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the job classpath's jars", e);
    }
  }
}
