package io.backtide.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A random secret kept in a file only its owner can read ({@code 0600}): generated at first use,
 * read back afterwards. The secret itself is never logged.
 */
public final class SecretFile {
  private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretFile() {}

  /**
   * The secret in {@code file}, created with 32 random bytes (URL-safe Base64, no quotes or spaces)
   * when the file does not exist. A file others can read is made owner-only first.
   *
   * @throws UncheckedIOException when the file cannot be created or read, or is empty
   */
  public static String readOrCreate(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!Files.exists(file)) {
        create(file);
      }
      restrict(file);
      String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (secret.isEmpty()) {
        throw new IOException("it is empty: delete it to have a new secret generated");
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot use the secret file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      return; // created concurrently: read what is there
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system
    }
    Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    LOG.info("generated a new secret in {} (readable by its owner only)", file);
  }

  private static void restrict(Path file) throws IOException {
    try {
      if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        LOG.warn("{} was readable by others: making it readable by its owner only", file);
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to restrict
    }
  }
}
