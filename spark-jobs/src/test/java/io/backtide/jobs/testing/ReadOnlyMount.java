package io.backtide.jobs.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A folder made read-only for real (writes fail with "Read-only file system") by bind-mounting it
 * onto itself read-only; closing unmounts it and the folder is writable again. Mounting needs root;
 * where it is refused the test is skipped through an assumption whose message says so.
 */
public final class ReadOnlyMount implements AutoCloseable {
  private final Path dir;

  private ReadOnlyMount(Path dir) {
    this.dir = dir;
  }

  /** Makes the existing folder {@code dir} read-only, or skips the calling test. */
  public static ReadOnlyMount of(Path dir) throws IOException {
    String output = SmallTmpfs.run("mount", "--bind", dir.toString(), dir.toString());
    if (output == null) {
      output = SmallTmpfs.run("mount", "-o", "remount,bind,ro", dir.toString());
      if (output != null) {
        SmallTmpfs.run("umount", dir.toString());
      }
    }
    assumeTrue(
        output == null,
        "ASSUMPTION NOT MET: this test makes a folder read-only with a bind mount (root and"
            + " mount(8)); it was refused here: "
            + output);
    return new ReadOnlyMount(dir);
  }

  @Override
  public void close() throws IOException {
    String output = SmallTmpfs.run("umount", dir.toString());
    if (output != null) {
      output = SmallTmpfs.run("umount", "-l", dir.toString());
    }
    if (output != null) {
      throw new IOException("cannot unmount the read-only bind mount on " + dir + ": " + output);
    }
  }
}
