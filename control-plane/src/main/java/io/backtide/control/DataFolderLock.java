package io.backtide.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * Proof that this process owns a data folder: an exclusive OS lock held on {@code
 * <data>/control-plane.lock} for the life of the control plane. The OS releases it when the process
 * dies, even by SIGKILL, so a held lock means a live owner and a free one means none. The file
 * names the holder (pid, host, start time) for the message a second control plane prints.
 */
public final class DataFolderLock implements AutoCloseable {

  static final String FILE_NAME = "control-plane.lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DataFolderLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code dataDir} (created if missing).
   *
   * @throws IllegalStateException naming the holder when another control plane owns the folder
   */
  public static DataFolderLock acquire(Path dataDir, Clock clock) {
    Path file = dataDir.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw inUse(dataDir, holder);
      }
      writeHolder(channel, clock);
      return new DataFolderLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock the data folder " + dataDir + ": " + e, e);
    }
  }

  private static IllegalStateException inUse(Path dataDir, String holder) {
    return new IllegalStateException(
        "the data folder "
            + dataDir
            + " is in use by another control plane ("
            + (holder.isEmpty() ? "holder unknown" : holder)
            + "): stop that one first, or set BACKTIDE_DATA_DIR to another folder");
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this JVM already
    }
  }

  private static void writeHolder(FileChannel channel, Clock clock) throws IOException {
    String holder =
        "pid "
            + ProcessHandle.current().pid()
            + " on host "
            + hostName()
            + ", started at "
            + clock.instant()
            + "\n";
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "(unknown host)";
    }
  }

  /** True while this process holds the lock. */
  public boolean isHeld() {
    return lock.isValid();
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    closeQuietly(channel); // releases the lock; the file stays, to be locked again
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the OS releases the lock with the process anyway
      }
    }
  }
}
