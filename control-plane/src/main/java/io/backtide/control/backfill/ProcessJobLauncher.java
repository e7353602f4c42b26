package io.backtide.control.backfill;

import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BulkJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each job as a child process with its output appended to {@code <logs>/{job-id}.log}. The
 * child's pid goes to {@code <logs>/{job-id}.pid}, so that after a restart of the control plane a
 * job whose process still runs is recognised (and one whose process is gone is resumed at once).
 */
public final class ProcessJobLauncher implements JobLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessJobLauncher.class);
  private static final long STOP_GRACE_SECONDS = 10;
  private static final long EARLIER_EXIT_WAIT_SECONDS = 60;

  private final LaunchSettings settings;
  private final JobCommand command;
  private final BulkCommand bulkCommand;
  private final Clock clock;
  private final JobClassData classData;
  private final Map<UUID, Process> children = new ConcurrentHashMap<>();

  /**
   * Jobs whose launch is under way (waiting for an earlier process, starting the new one): their
   * state is RUNNING, so that a recovery pass set off by the earlier process's exit does not take
   * the gap for a dead job and launch it a second time.
   */
  private final Set<UUID> launching = ConcurrentHashMap.newKeySet();

  private final List<Consumer<UUID>> exitListeners = new CopyOnWriteArrayList<>();

  public ProcessJobLauncher(LaunchSettings settings, JobCommand command, Clock clock) {
    this(settings, command, clock, JobClassData.off());
  }

  /** Job JVMs that share the classes of {@code classData}'s archive ({@link JobClassData}). */
  public ProcessJobLauncher(
      LaunchSettings settings, JobCommand command, Clock clock, JobClassData classData) {
    this.settings = settings;
    this.command = command;
    this.bulkCommand = new BulkCommand(settings, command);
    this.clock = clock;
    this.classData = classData;
  }

  @Override
  public Optional<String> notReady() {
    if (settings.classpath().isBlank()) {
      return Optional.of(
          "the Spark job is not built: BACKFILL_CLASSPATH is empty and"
              + " spark-jobs/target/backfill-classpath.txt is missing; run"
              + " `mvn -B -q -DskipTests install` at the project root");
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> tableUri() {
    return settings.tableUri();
  }

  @Override
  public synchronized void launch(BackfillJob job, ConfiguredFeed feed) {
    start(
        job, command.build(job, feed), command.secretEnvironment(feed), LaunchSettings.MAIN_CLASS);
  }

  @Override
  public synchronized void launchBulk(BackfillJob job, BulkJob bulk, List<ConfiguredFeed> feeds) {
    start(
        job,
        bulkCommand.build(job, bulk, feeds),
        bulkCommand.secretEnvironment(feeds),
        BulkCommand.MAIN_CLASS);
  }

  private void start(
      BackfillJob job, List<String> cmd, Map<String, String> secrets, String mainClass) {
    launching.add(job.id());
    try {
      awaitEarlierProcess(job.id());
      if (alive(job.id())) {
        throw new IllegalStateException("job " + job.id() + " already has a running process");
      }
      spawn(job, cmd, secrets, mainClass);
    } finally {
      launching.remove(job.id());
    }
  }

  private void spawn(
      BackfillJob job, List<String> cmd, Map<String, String> secrets, String mainClass) {
    Path log = logFile(job.id());
    JobClassData.Use classes = classData.use();
    List<String> full = new ArrayList<>(cmd);
    full.addAll(1, classes.options());
    try {
      Files.createDirectories(settings.logDir());
      Files.writeString(log, header(job, full), StandardCharsets.UTF_8, APPEND);
      ProcessBuilder builder = new ProcessBuilder(full);
      ChildEnvironment.apply(builder.environment(), settings);
      builder.environment().putAll(secrets);
      Process process =
          builder
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
              .start();
      children.put(job.id(), process);
      Files.writeString(pidFile(job.id()), String.valueOf(process.pid()), StandardCharsets.UTF_8);
      process
          .onExit()
          .thenAccept(
              p -> {
                classes.exited().accept(p.exitValue());
                exited(job.id(), p);
              });
      LOG.info(
          "job {}: started pid {} (attempt {}), log {}",
          job.id(),
          process.pid(),
          job.attempt(),
          log);
    } catch (IOException e) {
      classes.exited().accept(-1);
      throw new UncheckedIOException("cannot start " + mainClass + ": " + e.getMessage(), e);
    }
  }

  /**
   * A job resumed right after it was cancelled or failed may still have its process stopping its
   * Spark session: wait for it (up to {@link #EARLIER_EXIT_WAIT_SECONDS}) rather than refuse.
   */
  private void awaitEarlierProcess(UUID jobId) {
    Optional<ProcessHandle> earlier =
        Optional.ofNullable(children.get(jobId)).map(Process::toHandle).or(() -> orphan(jobId));
    if (earlier.isEmpty() || !earlier.get().isAlive()) {
      return;
    }
    LOG.info("job {}: waiting for its earlier process {} to exit", jobId, earlier.get().pid());
    try {
      earlier.get().onExit().get(EARLIER_EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // still alive: refused below
    }
  }

  @Override
  public ProcessState state(UUID jobId) {
    if (launching.contains(jobId) || alive(jobId)) {
      return ProcessState.RUNNING;
    }
    return Files.exists(pidFile(jobId)) ? ProcessState.GONE : ProcessState.NEVER_STARTED;
  }

  private boolean alive(UUID jobId) {
    Process own = children.get(jobId);
    return (own != null && own.isAlive()) || orphan(jobId).isPresent();
  }

  @Override
  public void stop(UUID jobId) {
    Optional<ProcessHandle> handle =
        Optional.ofNullable(children.get(jobId)).map(Process::toHandle).or(() -> orphan(jobId));
    handle.ifPresent(
        h -> {
          LOG.warn("job {}: stopping pid {}", jobId, h.pid());
          terminate(h);
        });
  }

  @Override
  public void onExit(Consumer<UUID> listener) {
    exitListeners.add(listener);
  }

  @Override
  public void close() {
    children.forEach((id, p) -> terminate(p.toHandle()));
    children.clear();
  }

  /** The log file of a job (appended to by every attempt). */
  @Override
  public Path logFile(UUID jobId) {
    return settings.logDir().resolve(jobId + ".log");
  }

  private Path pidFile(UUID jobId) {
    return settings.logDir().resolve(jobId + ".pid");
  }

  /** A live process from an earlier control plane whose command line names the job. */
  private Optional<ProcessHandle> orphan(UUID jobId) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile(jobId)).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().commandLine().map(c -> c.contains(jobId.toString())).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void exited(UUID jobId, Process process) {
    children.remove(jobId, process);
    LOG.info("job {}: process {} exited with {}", jobId, process.pid(), process.exitValue());
    for (Consumer<UUID> listener : exitListeners) {
      try {
        listener.accept(jobId);
      } catch (RuntimeException e) {
        LOG.error("job {}: exit listener failed", jobId, e);
      }
    }
  }

  private static void terminate(ProcessHandle h) {
    h.destroy();
    try {
      h.onExit().get(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      h.destroyForcibly();
    } catch (Exception e) {
      h.destroyForcibly();
    }
  }

  private String header(BackfillJob job, List<String> cmd) {
    return "=== %s attempt %d: %s%n"
        .formatted(clock.instant(), job.attempt(), JobCommand.printable(cmd));
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static final StandardOpenOption[] APPEND = {
    StandardOpenOption.CREATE, StandardOpenOption.APPEND
  };
}
