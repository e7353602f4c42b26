package io.backtide.notebooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Executes a notebook headless through {@code scripts/run-notebook.sh}, the same command a user
 * runs, with the kernel classpath the build wrote. Paths come from Surefire's system properties
 * (see notebooks/pom.xml).
 */
final class NotebookRunner {
  private final Path root;
  private final Path classpathFile;
  private final Path outputDir;

  private NotebookRunner(Path root, Path classpathFile, Path outputDir) {
    this.root = root;
    this.classpathFile = classpathFile;
    this.outputDir = outputDir;
  }

  static NotebookRunner fromBuild() {
    return new NotebookRunner(
        Path.of(property("backtide.root")).toAbsolutePath().normalize(),
        Path.of(property("notebook.classpath")),
        Path.of(property("notebook.output")));
  }

  Path root() {
    return root;
  }

  /**
   * The backfill job's runtime classpath as the spark-jobs build wrote it: the job must not run on
   * this test's classpath, whose Servlet 6 (for Javalin) breaks Spark's metrics servlet.
   */
  static String backfillClasspath() throws IOException {
    Path file = Path.of(property("backfill.classpath"));
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "no " + file + ": build spark-jobs first (mvn -B -pl spark-jobs package)");
    }
    return Files.readString(file).strip();
  }

  /**
   * Runs {@code notebook} (relative to the repository root) with {@code env} added to the kernel's
   * environment; the executed copy lands in a fresh folder {@code runName} of the output folder.
   */
  ExecutedNotebook run(String notebook, String runName, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Path out = freshOutputFolder(runName);
    Path log = out.resolve("run-notebook.log");
    var command =
        List.of(
            root.resolve("scripts/run-notebook.sh").toString(),
            root.resolve(notebook).toString(),
            out.toString(),
            "--classpath",
            classpathFile.toString(),
            "--timeout",
            Long.toString(timeout.toSeconds()));
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    // timeout bounds each cell; the whole run (kernel starts included) gets twice that.
    if (!process.waitFor(2 * timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IllegalStateException("notebook " + notebook + " still running after " + timeout);
    }
    Path executed = out.resolve(Path.of(notebook).getFileName());
    return new ExecutedNotebook(process.exitValue(), Files.readString(log), executed);
  }

  /** An empty folder in the output folder, for what a test wants to keep for reading later. */
  Path freshOutputFolder(String name) throws IOException {
    Path dir = outputDir.resolve(name);
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run through Maven (notebooks/pom.xml sets it)");
    }
    return value;
  }
}
