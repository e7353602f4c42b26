package io.backtide.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Java child process with its output in a log file, stopped by process id together with every
 * process it started (a Spark worker's executors). Spark's own {@code --add-opens} set ({@link
 * JavaModuleOptions}) is always on its command line.
 */
public final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java <opens> <jvmArgs> -cp <classpath> <mainClass> <args>} with {@code env} added
   * to this JVM's environment, stdout and stderr going to {@code log}.
   */
  public static ChildJvm start(
      String name,
      List<Path> classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(
        String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
      return new ChildJvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + mainClass + ")", e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Waits for the process to end; the exit code, or empty-handed failure after {@code timeout}. */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new IllegalStateException(
            name + " did not finish within " + timeout + "; killed it. Log tail:\n" + logTail(40));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException(name + ": interrupted while waiting", e);
    }
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Stops the process and everything it started, by process id: SIGTERM first (so that a worker can
   * stop its executors), SIGKILL for whatever is still alive after a grace period. The list of
   * descendants is taken before the parent goes, since orphans can no longer be found from it.
   */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle handle : tree) {
      long left = Math.max(1, deadline - System.nanoTime());
      try {
        handle.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        handle.destroyForcibly();
      }
    }
    for (ProcessHandle handle : tree) {
      handle.destroyForcibly();
      handle.onExit().join();
    }
  }
}
