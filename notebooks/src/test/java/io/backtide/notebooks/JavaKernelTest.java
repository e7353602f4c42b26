package io.backtide.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kernel as installed by scripts/install-jupyter.sh, with the classpath this module's build
 * writes, executing small notebooks through scripts/run-notebook.sh: what the backtest notebook
 * relies on, checked without a control plane so that a kernel problem reads as one.
 */
class JavaKernelTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String KERNEL_JIT = "notebooks/src/test/resources/kernel-jit.ipynb";
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final NotebookRunner runner = NotebookRunner.fromBuild();

  @Test
  void kernelRunsPureJavaCellsWithTheBuildClasspathAndRendersHtmlAndPng() throws Exception {
    ExecutedNotebook run =
        runner.run(
            "notebooks/src/test/resources/kernel-smoke.ipynb",
            "kernel-smoke",
            Map.of("BACKTIDE_SMOKE_VALUE", "passed-through"),
            TIMEOUT);

    assertThat(run.exitCode()).as("run-notebook.sh output:%n%s", run.log()).isZero();
    assertThat(run.stdout())
        .as("the environment reaches the cells, the build's jars are on the kernel's classpath")
        .contains("env: passed-through")
        .contains("loaded: io.backtide.backtest.Tracker")
        .contains("loaded: org.apache.spark.sql.SparkSession")
        .contains("loaded: org.knowm.xchart.XYChart");
    assertThat(run.outputs("text/html"))
        .containsExactly("<table><tr><th>smoke</th></tr><tr><td>42</td></tr></table>");
    assertThat(run.pngs())
        .singleElement()
        .satisfies(png -> assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE));
  }

  @Test
  void kernelRunsWithTheQuickJitCompilerOnly() throws Exception {
    ExecutedNotebook run = runner.run(KERNEL_JIT, "kernel-jit", Map.of(), TIMEOUT);

    assertThat(run.exitCode()).as("run-notebook.sh output:%n%s", run.log()).isZero();
    assertThat(run.stdout())
        .as("the kernel JVM's effective setting")
        .contains("jit: TieredStopAtLevel=1");
    assertThat(run.stdout())
        .as("huge pages exactly where Linux offers them (madvise or always)")
        .contains("huge pages: UseTransparentHugePages=" + linuxOffersHugePages());
  }

  /** Whether this machine's transparent-huge-pages setting selects madvise or always. */
  private static boolean linuxOffersHugePages() throws IOException {
    Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    return Files.isReadable(setting)
        && Pattern.compile("\\[(madvise|always)]").matcher(Files.readString(setting)).find();
  }

  @Test
  void fullJitKernelKeepsBothCompilers() throws Exception {
    ExecutedNotebook run =
        runner.run(KERNEL_JIT, "kernel-jit-full", Map.of("BACKTIDE_KERNEL_JIT", "full"), TIMEOUT);

    assertThat(run.exitCode()).as("run-notebook.sh output:%n%s", run.log()).isZero();
    assertThat(run.stdout())
        .as("the kernel JVM's effective setting")
        .contains("jit: TieredStopAtLevel=4");
  }

  @Test
  void firstKernelWritesTheClassDataArchiveAndTheNextStartsWithIt() throws Exception {
    Files.deleteIfExists(archive());

    ExecutedNotebook first = runner.run(KERNEL_JIT, "kernel-cds-1", Map.of(), TIMEOUT);

    assertThat(first.exitCode()).as("run-notebook.sh output:%n%s", first.log()).isZero();
    assertThat(first.stdout()).contains("cds: [-XX:ArchiveClassesAtExit]");
    assertThat(archive()).as("written when the kernel exited").isNotEmptyFile();

    ExecutedNotebook next = runner.run(KERNEL_JIT, "kernel-cds-2", Map.of(), TIMEOUT);

    assertThat(next.exitCode()).as("run-notebook.sh output:%n%s", next.log()).isZero();
    assertThat(next.stdout()).contains("cds: [-XX:SharedArchiveFile]");
  }

  @Test
  void aKernelThatLostItsStartUpLeavesNoArchiveForTheNextAttempt() throws Exception {
    Files.deleteIfExists(archive());

    ExecutedNotebook run =
        runner.run(
            KERNEL_JIT, "kernel-cds-lost", Map.of("BACKTIDE_NOTEBOOK_LOSE_STARTS", "1"), TIMEOUT);

    assertThat(run.exitCode()).as("run-notebook.sh output:%n%s", run.log()).isZero();
    assertThat(run.log()).contains("lost its start-up race (attempt 1)");
    assertThat(run.stdout())
        .as("the attempt after the lost one starts without an archive and writes the whole one")
        .contains("cds: [-XX:ArchiveClassesAtExit]");
    assertThat(archive()).as("written when that kernel exited").isNotEmptyFile();
  }

  @Test
  void brokenArchiveIsWrittenAgainInsteadOfStoppingTheKernel() throws Exception {
    Files.createDirectories(archive().getParent());
    Files.write(archive(), new byte[] {1, 2, 3});

    ExecutedNotebook run = runner.run(KERNEL_JIT, "kernel-cds-broken", Map.of(), TIMEOUT);

    assertThat(run.exitCode()).as("run-notebook.sh output:%n%s", run.log()).isZero();
    assertThat(run.stdout()).contains("cds: [-XX:ArchiveClassesAtExit]");
    assertThat(Files.size(archive())).as("the archive written again").isGreaterThan(3);
  }

  /** Where scripts/install-jupyter.sh keeps the kernel's class-data archive. */
  private Path archive() {
    return runner.root().resolve("build/jupyter/kernels/java/backtide-kernel.jsa");
  }

  @Test
  void aCellThatThrowsFailsTheRunAndTheExecutedCopyKeepsTheError() throws Exception {
    ExecutedNotebook run =
        runner.run(
            "notebooks/src/test/resources/failing-cell.ipynb", "failing-cell", Map.of(), TIMEOUT);

    assertThat(run.exitCode()).as("run-notebook.sh output:%n%s", run.log()).isEqualTo(1);
    assertThat(run.log())
        .contains("cell 1 failed")
        .contains("IllegalStateException: this cell fails on purpose");
    assertThat(run.stdout()).startsWith("first cell runs");
    assertThat(run.cellsWithErrors()).isEqualTo(1);
  }
}
