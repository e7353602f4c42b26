package io.backtide.jobs.provider;

import java.io.IOException;
import java.nio.file.Path;

/** A download's bytes could not be written to its file (a full disk, a missing folder). */
final class ScratchWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ScratchWriteException(Path file, IOException cause) {
    super("cannot write the download to " + file + ": " + cause, cause);
  }
}
