package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.jobstore.BackfillJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job JVMs' class-data archive with real JVMs: a tiny program in a jar stands in for the job
 * (the mechanism is the JVM's; a job only loads more classes).
 */
class JobClassDataTest {
  private static final Path JAVA = LaunchSettings.currentJava();
  private static final String MAIN = "hello.Hello";

  @TempDir static Path shared;
  private static Path jar;

  @TempDir Path dir;

  /**
   * {@code hello.Hello}: prints a line and exits with its first argument (0 without); and a
   * stand-in for the job's main class that exits at once (for the launcher).
   */
  @BeforeAll
  static void buildJar() throws IOException {
    Path src = Files.createDirectories(shared.resolve("src"));
    Path hello = src.resolve("Hello.java");
    Files.writeString(
        hello,
        """
        package hello;
        public class Hello {
          public static void main(String[] a) {
            System.out.println("hello from the job");
            System.exit(a.length > 0 ? Integer.parseInt(a[0]) : 0);
          }
        }
        """);
    Path app = src.resolve("BackfillApp.java");
    Files.writeString(
        app,
        """
        package io.backtide.jobs.backfill;
        public class BackfillApp {
          public static void main(String[] a) {
            System.out.println("stand-in job " + String.join(" ", a));
          }
        }
        """);
    Path classes = Files.createDirectories(shared.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(null, null, null, "-d", classes.toString(), hello.toString(), app.toString());
    assertThat(rc).as("javac").isZero();
    jar = shared.resolve("job.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
  }

  @Test
  void theLauncherTrainsOnTheFirstJobAndSharesWithTheNext() throws Exception {
    LaunchSettings settings =
        new LaunchSettings(
            dir.resolve("data"),
            dir.resolve("logs"),
            "jdbc:postgresql://127.0.0.1:1/none",
            "",
            "",
            "http://127.0.0.1:1",
            "http://127.0.0.1:1",
            jar.toString(),
            JAVA);
    JobClassData data = JobClassData.in(dir.resolve("cds"), jar.toString(), JAVA);
    BlockingQueue<UUID> exits = new LinkedBlockingQueue<>();
    try (ProcessJobLauncher launcher =
        new ProcessJobLauncher(
            settings, new JobCommand(settings, Optional.empty()), Clock.systemUTC(), data)) {
      launcher.onExit(exits::add);
      ConfiguredFeed feed = new ConfiguredFeed(FeedKey.parse("sim/BTCUSDT/candle/1m"), Map.of());

      BackfillJob first = JobCommandTest.job(UUID.randomUUID());
      launcher.launch(first, feed);
      assertThat(exits.poll(60, TimeUnit.SECONDS)).isEqualTo(first.id());
      BackfillJob second = JobCommandTest.job(UUID.randomUUID());
      launcher.launch(second, feed);
      assertThat(exits.poll(60, TimeUnit.SECONDS)).isEqualTo(second.id());

      Path archive = data.archive().orElseThrow();
      assertThat(archive).isRegularFile();
      assertThat(Files.readString(launcher.logFile(first.id())))
          .contains("-XX:ArchiveClassesAtExit=" + archive)
          .contains("stand-in job --job-id " + first.id());
      assertThat(Files.readString(launcher.logFile(second.id())))
          .contains("-XX:SharedArchiveFile=" + archive)
          .contains("stand-in job --job-id " + second.id());
    }
  }

  @Test
  void theFirstJobWritesTheArchiveAndLaterJobsLoadTheirClassesFromIt() throws Exception {
    JobClassData data = JobClassData.in(dir, jar.toString(), JAVA);
    Path archive = data.archive().orElseThrow();

    JobClassData.Use training = data.use();
    assertThat(training.options()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
    assertThat(data.use().options()).as("a second job while the first trains").isEmpty();
    Run first = run(training);
    assertThat(first.exit()).isZero();
    assertThat(archive).isRegularFile();
    assertThat(files()).containsExactly(archive);

    JobClassData.Use using = data.use();
    assertThat(using.options()).containsExactly("-XX:SharedArchiveFile=" + archive);
    Run second = run(using, "-Xlog:class+load=info");
    assertThat(second.exit()).isZero();
    assertThat(second.output())
        .contains("hello from the job")
        .containsPattern("hello\\.Hello source: shared objects file \\(top\\)");
  }

  @Test
  void aJobThatFailsLeavesNoArchiveAndTheNextOneTrainsAgain() throws Exception {
    JobClassData data = JobClassData.in(dir, jar.toString(), JAVA);

    Run failed = run(data.use(), "3");

    assertThat(failed.exit()).isEqualTo(3);
    assertThat(files()).isEmpty();
    JobClassData.Use next = data.use();
    assertThat(next.options()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
    next.exited().accept(-1); // as when the process cannot start: the next launch may train
    assertThat(data.use().options()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
  }

  @Test
  void aDamagedArchiveOnlyCostsTheSharingNotTheJob() throws Exception {
    JobClassData data = JobClassData.in(dir, jar.toString(), JAVA);
    Path archive = data.archive().orElseThrow();
    Files.writeString(archive, "not an archive");

    Run run = run(data.use());

    assertThat(run.exit()).isZero();
    assertThat(run.output()).contains("hello from the job");
  }

  @Test
  void aRebuiltJarGetsANewArchiveAndTheOldOneIsDeleted() throws Exception {
    Path copy = Files.copy(jar, dir.resolve("copy.jar"));
    Path archives = dir.resolve("cds");
    JobClassData before = JobClassData.in(archives, copy.toString(), JAVA);
    run(before.use(), copy);
    Path old = before.archive().orElseThrow();
    assertThat(old).isRegularFile();

    Files.setLastModifiedTime(copy, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    JobClassData after = JobClassData.in(archives, copy.toString(), JAVA);
    assertThat(after.archive().orElseThrow()).isNotEqualTo(old);
    run(after.use(), copy);

    assertThat(after.archive().orElseThrow()).isRegularFile();
    assertThat(old).doesNotExist();
  }

  @Test
  void aClasspathWithAFolderCannotShareClasses() {
    JobClassData data = JobClassData.in(dir, jar + ":" + shared.resolve("classes"), JAVA);

    assertThat(data.archive()).isEmpty();
    assertThat(data.use().options()).isEmpty();
    assertThat(JobClassData.off().use().options()).isEmpty();
  }

  private record Run(int exit, String output) {}

  private static Run run(JobClassData.Use use, String... args) throws Exception {
    return run(use, jar, args);
  }

  /** Runs Hello as a launcher would: options, then {@code -Xlog...} extras, then its arguments. */
  private static Run run(JobClassData.Use use, Path onPath, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JAVA.toString()));
    cmd.addAll(use.options());
    List<String> appArgs = new ArrayList<>();
    for (String a : args) {
      (a.startsWith("-X") ? cmd : appArgs).add(a);
    }
    cmd.addAll(List.of("-cp", onPath.toString(), MAIN));
    cmd.addAll(appArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
    use.exited().accept(p.exitValue());
    return new Run(p.exitValue(), out);
  }

  private List<Path> files() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(dir)) {
      return all.toList();
    }
  }
}
