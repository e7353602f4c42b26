package io.backtide.jobs.table;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}, checksummed like {@link LocalFileSystem}) without the
 * child processes it starts when Hadoop's native library is absent, as it is here: {@code chmod}
 * for every file it creates with a permission and {@code readlink} for every link check (the
 * argument it passes, a {@code file:} URI, is never a link, so that process only ever answers "not
 * a link"). A Delta commit does about 25 of those (the commit file, its checksum file, their
 * temporaries and renames): 252 processes in one 30-day 1s backfill, each a fork of the job's JVM.
 * Here permissions are set through {@code java.nio} and a path is checked for a link with {@link
 * Files#isSymbolicLink}; everything else is Hadoop's. {@link #install} makes this the {@code file:}
 * file system of every Hadoop configuration in the JVM ({@code fs.file.impl}), with {@link
 * ForklessLocalFs} for {@code FileContext}.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
  /** The job jar's Hadoop settings that name these classes. */
  static final String RESOURCE = "backtide-hadoop.xml";

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /**
   * Adds {@link #RESOURCE} to Hadoop's default resources (after {@code core-default.xml} and any
   * {@code core-site.xml}: only its two keys change). Call it before the JVM's first local file
   * system is made (Hadoop caches one per JVM); again is harmless.
   */
  public static void install() {
    Configuration.addDefaultResource(RESOURCE);
  }

  /** {@link RawLocalFileSystem} with {@code setPermission} and link checks in process. */
  public static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path file = pathToFile(p).toPath();
      try {
        Files.setPosixFilePermissions(file, posix(permission));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission); // not a POSIX file system: Hadoop's own way
      }
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      File file = pathToFile(f);
      return Files.isSymbolicLink(file.toPath()) ? super.getFileLinkStatus(f) : getFileStatus(f);
    }
  }

  /**
   * The nine permission bits of {@code permission} (as chmod's mode has them, sticky bit aside).
   */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    return PosixFilePermissions.fromString(
        permission.getUserAction().SYMBOL
            + permission.getGroupAction().SYMBOL
            + permission.getOtherAction().SYMBOL);
  }
}
