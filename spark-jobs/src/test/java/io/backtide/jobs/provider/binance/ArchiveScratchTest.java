package io.backtide.jobs.provider.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder of a source's downloads: its own, removed on close, and a killed job's removed. */
class ArchiveScratchTest {
  @TempDir Path root;

  @Test
  void theFolderIsMadeOnTheFirstDownloadAndRemovedWithItsFilesOnClose() throws IOException {
    ArchiveScratch scratch = new ArchiveScratch(root.resolve("scratch"));
    assertThat(root.resolve("scratch")).as("nothing made before a download").doesNotExist();

    Path file = scratch.file("BTCUSDT-1s-2024-03-01.zip");
    Files.write(file, new byte[] {1, 2, 3});
    assertThat(file.getParent().getFileName().toString())
        .startsWith("archive-" + ProcessHandle.current().pid() + "-");
    scratch.close();

    assertThat(folders(root.resolve("scratch"))).isEmpty();
    assertThatThrownBy(() -> scratch.file("BTCUSDT-1s-2024-03-02.zip"))
        .as("a download racing the close makes no new folder")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the source is closed");
    assertThat(folders(root.resolve("scratch"))).isEmpty();
  }

  @Test
  void foldersOfAProcessThatIsGoneAreRemovedAndOthersKept() throws IOException {
    Path killed = leftover("archive-" + deadPid() + "-123", "BTCUSDT-aggTrades-2024-03-01.zip");
    Path running = leftover("archive-" + ProcessHandle.current().pid() + "-456", "a.zip");
    Path notOurs = leftover("batch-789", "part-0.parquet");
    ArchiveScratch scratch = new ArchiveScratch(root);

    Path file = scratch.file("b.zip");

    assertThat(killed).doesNotExist();
    assertThat(running.resolve("a.zip")).exists();
    assertThat(notOurs.resolve("part-0.parquet")).exists();
    assertThat(folders(root)).contains(file.getParent());
    scratch.close();
  }

  private Path leftover(String folder, String file) throws IOException {
    Path dir = Files.createDirectories(root.resolve(folder));
    Files.write(dir.resolve(file), new byte[] {4, 5, 6});
    return dir;
  }

  /** A process id no process has: a child that has ended. */
  private static long deadPid() throws IOException {
    Process p = new ProcessBuilder("true").start();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return p.pid();
  }

  private static java.util.List<Path> folders(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
