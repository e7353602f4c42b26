package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.backtest.internal.FirstRunHint;
import io.backtide.jobs.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook's first backtest in a fresh JVM does not start Scala's runtime reflection: {@code
 * org.apache.spark.sql.SparkSession.builder()} finds the session's implementation through it, about
 * a second of a fresh JVM's start, so the runner starts its own session with the classic builder.
 * Each case runs in a child JVM that logs every class it loads; the control shows that the log does
 * see the reflection universe when the other builder starts the session.
 */
class FirstBacktestStartTest {
  /** Loaded once Scala's runtime reflection starts (its universe). */
  static final String UNIVERSE = " scala.reflect.runtime.JavaUniverse ";

  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void oneCachedDay() {
    spark = TestSpark.start(dir);
    DayFiles.write(
        spark,
        dir.resolve("cache"),
        FirstBacktestProbe.FEED,
        DayFiles.series(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofHours(1), ramp(24)));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theRunnersOwnSessionLeavesScalaReflectionAlone() throws IOException {
    List<String> loaded = firstBacktest("runner");
    assertThat(loading(loaded, UNIVERSE)).isEmpty();
    assertThat(loading(loaded, " org.apache.spark.SparkContext ")).hasSize(1);
    // this child JVM maps no class-data archive: a slow first run gets the tip, a fast one not
    String log = Files.readString(dir.resolve("runner.log"));
    long runMs = runMillis(log);
    if (runMs >= FirstRunHint.SLOW.toMillis() + 500) {
      assertThat(log).as("a %d ms first run", runMs).contains(TIP, "-XX:SharedArchiveFile=");
    } else if (runMs < FirstRunHint.SLOW.toMillis()) {
      assertThat(log).as("a %d ms first run", runMs).doesNotContain(TIP);
    }
  }

  @Test
  void theLogSeesReflectionWhenTheApiBuilderStartsTheSession() throws IOException {
    assertThat(loading(firstBacktest("api-session"), UNIVERSE)).hasSize(1);
    assertThat(Files.readString(dir.resolve("api-session.log")))
        .as("the caller started Spark: no tip about its start-up")
        .doesNotContain(TIP);
  }

  /** The start of {@link FirstRunHint}'s tip. */
  static final String TIP = "the first backtest in this JVM took";

  private static long runMillis(String log) {
    return log.lines()
        .filter(line -> line.startsWith("run ms "))
        .mapToLong(line -> Long.parseLong(line.substring("run ms ".length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the probe printed no run time:\n" + log));
  }

  /** Runs the probe in a child JVM; returns its class-load log, having checked the backtest ran. */
  private static List<String> firstBacktest(String mode) throws IOException {
    Path classes = dir.resolve(mode + "-classes.log");
    List<Path> classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .toList();
    try (ChildJvm child =
        ChildJvm.start(
            "first backtest (" + mode + ")",
            classpath,
            List.of("-Xlog:class+load=info:file=" + classes, "-Xmx1g"),
            FirstBacktestProbe.class.getName(),
            List.of(dir.resolve("cache").toString(), "2026-03-01", "2026-03-02", mode),
            Map.of(),
            dir.resolve(mode + ".log"))) {
      int exit = child.waitFor(Duration.ofMinutes(3));
      assertThat(exit).as("exit code of %s; its log ends:%n%s", mode, child.logTail(40)).isZero();
      assertThat(Files.readString(child.log())).contains("candles 24");
    }
    return Files.readAllLines(classes);
  }

  /** The lines of the class-load log that load {@code name} (spaces around it). */
  private static List<String> loading(List<String> loaded, String name) {
    return loaded.stream().filter(line -> line.contains(name)).toList();
  }

  private static double[] ramp(int n) {
    double[] closes = new double[n];
    for (int i = 0; i < n; i++) {
      closes[i] = 100 + i;
    }
    return closes;
  }
}
