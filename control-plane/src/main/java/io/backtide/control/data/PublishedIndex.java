package io.backtide.control.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.core.IndexEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code published/_index.json}, cached in memory and reloaded when the file changes (its
 * modification time, size or inode: the Spark job replaces it by an atomic rename). Each lookup
 * costs one {@code stat}. A file that cannot be parsed keeps the last good version in service.
 */
public final class PublishedIndex {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedIndex.class);
  static final String FILE_NAME = "_index.json";
  private static final byte[] EMPTY =
      "{\"generated_at\":null,\"files\":[]}".getBytes(StandardCharsets.UTF_8);

  private final Path file;
  private final ObjectMapper mapper;
  private volatile Loaded loaded;

  private record Loaded(Object stamp, IndexSnapshot snapshot, Map<String, IndexEntry> byPath) {}

  public PublishedIndex(Path publishedDir, ObjectMapper mapper) {
    this.file = publishedDir.resolve(FILE_NAME);
    this.mapper = mapper;
  }

  /** The current index (empty when no file has been published yet). */
  public IndexSnapshot current() {
    return load().snapshot();
  }

  /** The entry for a path relative to {@code published/}, in the current index. */
  public Optional<IndexEntry> entry(String path) {
    return Optional.ofNullable(load().byPath().get(path));
  }

  private Loaded load() {
    Object stamp = stamp();
    Loaded current = loaded;
    if (current != null && current.stamp().equals(stamp)) {
      return current;
    }
    synchronized (this) {
      if (loaded == null || !loaded.stamp().equals(stamp)) {
        loaded = read(stamp, loaded);
      }
      return loaded;
    }
  }

  private Object stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
    } catch (NoSuchFileException e) {
      return "absent";
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  private Loaded read(Object stamp, Loaded previous) {
    if ("absent".equals(stamp)) {
      return loaded(stamp, EMPTY, List.of());
    }
    try {
      byte[] raw = Files.readAllBytes(file);
      return loaded(stamp, raw, parse(raw));
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: cannot read the index, serving the previous one: {}", file, e.getMessage());
      return previous != null
          ? new Loaded(stamp, previous.snapshot(), previous.byPath())
          : loaded(stamp, EMPTY, List.of());
    }
  }

  private List<IndexEntry> parse(byte[] raw) throws IOException {
    JsonNode files = mapper.readTree(raw).path("files");
    if (!files.isArray()) {
      throw new IOException("no \"files\" array");
    }
    List<IndexEntry> entries = new ArrayList<>(files.size());
    for (JsonNode node : files) {
      entries.add(mapper.treeToValue(node, IndexEntry.class));
    }
    return entries;
  }

  private static Loaded loaded(Object stamp, byte[] raw, List<IndexEntry> entries) {
    IndexSnapshot snapshot = new IndexSnapshot(raw, gzip(raw), sha256(raw), entries);
    return new Loaded(stamp, snapshot, snapshot.byPath());
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot gzip the index in memory", e);
    }
    return out.toByteArray();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
