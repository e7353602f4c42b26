package io.backtide.jobs.backfill;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.backtide.core.IndexEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code published/_index.json}: {@code {"generated_at": "...Z", "files": [entries sorted by
 * path]}}. Rewritten through a temp file and an atomic rename, so a reader sees the old or the new
 * index, never half of one.
 */
public record PublishedIndex(
    @JsonProperty("generated_at") String generatedAt,
    @JsonProperty("files") List<IndexEntry> files) {
  public static final String FILE_NAME = "_index.json";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public PublishedIndex {
    Objects.requireNonNull(generatedAt, "generatedAt");
    files = List.copyOf(files);
  }

  public static PublishedIndex empty(Instant now) {
    return new PublishedIndex(now.toString(), List.of());
  }

  /** Reads {@code file}; an absent file is an empty index. */
  public static PublishedIndex read(Path file) {
    if (!Files.exists(file)) {
      return new PublishedIndex(Instant.EPOCH.toString(), List.of());
    }
    try {
      return JSON.readValue(file.toFile(), PublishedIndex.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the published index " + file + " (" + e.getMessage() + ")", e);
    }
  }

  /** This index with {@code updates} replacing the entries of the same path. */
  public PublishedIndex with(Collection<IndexEntry> updates, Instant now) {
    Map<String, IndexEntry> byPath = new TreeMap<>();
    files.forEach(e -> byPath.put(e.path(), e));
    updates.forEach(e -> byPath.put(e.path(), e));
    List<IndexEntry> sorted = new ArrayList<>(byPath.values());
    sorted.sort(Comparator.comparing(IndexEntry::path));
    return new PublishedIndex(now.toString(), sorted);
  }

  /** Writes to a temp file next to {@code file}, then renames it over {@code file}. */
  public void writeAtomically(Path file) {
    try {
      Path tmp = Files.createTempFile(file.getParent(), "." + FILE_NAME, ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      AtomicFiles.moveIntoPlace(tmp, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the published index " + file, e);
    }
  }
}
