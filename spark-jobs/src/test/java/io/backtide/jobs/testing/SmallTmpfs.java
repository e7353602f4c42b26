package io.backtide.jobs.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a few hundred KiB mounted on a fresh folder, to fill a disk for real. Mounting needs
 * root; where it is refused the test is skipped through an assumption whose message says so.
 */
public final class SmallTmpfs implements AutoCloseable {
  private final Path dir;

  private SmallTmpfs(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code sizeBytes} on {@code dir} (created), or skips the calling test. */
  public static SmallTmpfs mount(Path dir, long sizeBytes) throws IOException {
    Files.createDirectories(dir);
    String output = run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes, "tmpfs", dir.toString());
    boolean mounted = output == null;
    if (!mounted) {
      System.err.println("SmallTmpfs: cannot mount a tmpfs, skipping: " + output);
    }
    assumeTrue(
        mounted,
        "ASSUMPTION NOT MET: this test fills a small tmpfs and needs to mount one (root and"
            + " mount(8)); `mount -t tmpfs` was refused here: "
            + output);
    return new SmallTmpfs(dir);
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    // A Spark task or a job's file handle can still hold the disk for a moment after a test ends
    // ("target is busy"): retry, then detach it lazily (it goes once the last handle closes).
    String output = run("umount", dir.toString());
    for (int attempt = 0; output != null && output.contains("busy") && attempt < 10; attempt++) {
      sleep(500);
      output = run("umount", dir.toString());
    }
    if (output != null && output.contains("busy")) {
      output = run("umount", "-l", dir.toString());
    }
    if (output != null) {
      throw new IOException("cannot unmount the test tmpfs on " + dir + ": " + output);
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unmounting", e);
    }
  }

  /** Null when the command succeeded, else its output and exit status. */
  static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "timed out";
      }
      return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command[0], e);
    }
  }
}
