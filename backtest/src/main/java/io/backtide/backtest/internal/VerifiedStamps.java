package io.backtide.backtest.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.core.AtomicFiles;
import io.backtide.core.FeedKey;
import io.backtide.core.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the file system said about each cached day file when its SHA-256 last matched the pull
 * manifest: size, modification time, change time ({@code ctime}) and inode, with that SHA-256. A
 * file whose stamp is unchanged has not been written, truncated, touched or replaced since, so
 * neither the runner's check nor a pull hashes it again ({@link #verify}): any write through the
 * file system sets {@code ctime} to the current time, and no user-space call can set it back
 * (setting {@code mtime} back, as {@code touch -d} does, moves {@code ctime} forward); a copy or
 * rename is a new inode. A stamp is only kept for a file whose {@code ctime} was at least {@link
 * #SETTLE} old when hashing started, so a write in the same tick of the file system's clock cannot
 * hide. Kept beside the pull manifest as {@code _manifests/{feed}.verified.json}; deleting it makes
 * the next run hash every file again. A stamp file that cannot be read is ignored (every file is
 * hashed), never trusted.
 */
public final class VerifiedStamps {
  public static final Duration SETTLE = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(VerifiedStamps.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};

  private VerifiedStamps() {}

  /** A file's stamp with the SHA-256 it was verified as, in one comparable string. */
  private static String stamp(Path file, String sha256) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
    return a.get("size")
        + ":"
        + nanos((FileTime) a.get("lastModifiedTime"))
        + ":"
        + nanos((FileTime) a.get("ctime"))
        + ":"
        + a.get("ino")
        + ":"
        + sha256.toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the file's last change, as {@code stamp} recorded it (before hashing), was {@link
   * #SETTLE} or more before {@code hashStartedMillis}.
   */
  private static boolean settled(String stamp, long hashStartedMillis) {
    long ctimeMillis = Long.parseLong(stamp.split(":")[2]) / 1_000_000;
    return hashStartedMillis - ctimeMillis >= SETTLE.toMillis();
  }

  /**
   * What {@link #verify} found: the file's SHA-256 ({@code expected} itself when the stamp vouched
   * for it), whether it was hashed, and the stamp to record for the file (null: none).
   */
  record Verified(String sha256, boolean hashed, String stamp) {
    boolean matches(String expected) {
      return sha256.equalsIgnoreCase(expected);
    }
  }

  /**
   * Whether {@code file} holds {@code expected}: without reading it when its stamp equals {@code
   * recorded} (unchanged since it was verified as {@code expected}), else by hashing it. The stamp
   * comes back to be recorded only when the file matched and had settled before {@code
   * startedMillis}.
   */
  static Verified verify(Path file, String expected, String recorded, long startedMillis)
      throws IOException {
    String before = stamp(file, expected);
    if (before.equals(recorded)) {
      return new Verified(expected, false, before);
    }
    String sha256 = Sha256.of(file);
    boolean keep = sha256.equalsIgnoreCase(expected) && settled(before, startedMillis);
    return new Verified(sha256, true, keep ? before : null);
  }

  static Path path(CacheLayout cache, FeedKey feed) {
    return CacheManifest.path(cache, feed).resolveSibling(feed.granularity() + ".verified.json");
  }

  /** The recorded stamps by day; empty when there are none or they cannot be read. */
  static Map<LocalDate, String> read(CacheLayout cache, FeedKey feed) {
    Path file = path(cache, feed);
    Map<LocalDate, String> byDay = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return byDay;
    }
    try {
      JSON.readValue(file.toFile(), MAP).forEach((d, s) -> byDay.put(LocalDate.parse(d), s));
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: unreadable, every file is hashed again: {}", file, e.getMessage());
      byDay.clear();
    }
    return byDay;
  }

  /** Replaces the recorded stamps (temp file and atomic rename); a failure is only logged. */
  static void write(CacheLayout cache, FeedKey feed, Map<LocalDate, String> stamps) {
    Path file = path(cache, feed);
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), ".verified", ".tmp");
      try {
        Map<String, String> out = new TreeMap<>();
        stamps.forEach((d, s) -> out.put(d.toString(), s));
        JSON.writeValue(temp.toFile(), out);
        AtomicFiles.moveIntoPlace(temp, file);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: cannot record verified stamps (next run hashes again): {}", file, e.toString());
    }
  }

  private static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }
}
