package io.backtide.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Temp-file-then-rename writes of the published files (their hashes: {@link Sha256}). */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Flushes {@code tmp} to disk and renames it over {@code target} in one step. */
  public static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
