package io.backtide.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The published index, {@code published/_index.json}: {@code {"generated_at": "...Z", "files":
 * [entries sorted by path]}}. The Spark job rewrites it after every publish (through a temp file
 * and an atomic rename, so a reader sees the old or the new index, never half of one), the control
 * plane serves it and the backtest client reads it.
 *
 * @param generatedAt when the index was last written (ISO-8601 with {@code Z}); null only in {@link
 *     #NONE}, the index before anything is published
 * @param files the published days, sorted by path
 */
public record IndexFile(
    @JsonProperty("generated_at") String generatedAt,
    @JsonProperty("files") List<IndexEntry> files) {

  /** The file's name inside {@code published/}. */
  public static final String FILE_NAME = "_index.json";

  /** The index before anything is published: {@code {"generated_at":null,"files":[]}}. */
  public static final IndexFile NONE = new IndexFile(null, List.of());

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public IndexFile {
    if (files == null) {
      throw new IllegalArgumentException("an index has a \"files\" array");
    }
    files = List.copyOf(files);
  }

  /**
   * Reads {@code file}; an absent file is {@link #NONE}.
   *
   * @throws UncheckedIOException when the file cannot be read or is not an index
   */
  public static IndexFile read(Path file) {
    if (!Files.exists(file)) {
      return NONE;
    }
    try {
      return parse(Files.readAllBytes(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new UncheckedIOException(
          "cannot read the published index " + file + " (" + e.getMessage() + ")",
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /**
   * Parses the bytes of an index (unknown fields are ignored).
   *
   * @throws IOException when the bytes are not JSON or have no {@code files} array
   */
  public static IndexFile parse(byte[] json) throws IOException {
    if (!JSON.readTree(json).path("files").isArray()) {
      throw new IOException("no \"files\" array");
    }
    return JSON.readValue(json, IndexFile.class);
  }

  /**
   * This index with {@code updates} replacing the entries of the same path, stamped {@code now}.
   */
  public IndexFile with(Collection<IndexEntry> updates, Instant now) {
    Map<String, IndexEntry> byPath = new TreeMap<>();
    files.forEach(e -> byPath.put(e.path(), e));
    updates.forEach(e -> byPath.put(e.path(), e));
    return new IndexFile(now.toString(), List.copyOf(byPath.values()));
  }

  /** The compact JSON of this index. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the index as JSON", e);
    }
  }

  /** Writes this index, indented, to a temp file next to {@code file}, then renames it over it. */
  public void writeAtomically(Path file) {
    try {
      Path tmp = Files.createTempFile(file.getParent(), "." + FILE_NAME, ".tmp");
      try {
        JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), this);
        AtomicFiles.moveIntoPlace(tmp, file);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the published index " + file, e);
    }
  }
}
