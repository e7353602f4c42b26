package io.backtide.control.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * What tells one version of an index file from the next: its modification time, size and identity
 * (the Spark job replaces an index by an atomic rename, so each version is a new file). One {@code
 * stat}.
 */
final class FileStamp {
  static final Object ABSENT = "absent";

  private FileStamp() {}

  static Object of(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
    } catch (NoSuchFileException e) {
      return ABSENT;
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }
}
