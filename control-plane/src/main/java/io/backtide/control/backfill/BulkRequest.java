package io.backtide.control.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Body of {@code POST /reports/backfill/bulk}: {@code feeds} (an array of configured feed keys),
 * {@code start} and {@code end} (exclusive), all required; optional {@code chunk_days} (the length
 * of one chunk, default {@value #DEFAULT_CHUNK_DAYS}) and {@code wave_chunks} (chunks per commit; a
 * cancel takes effect between waves; default {@value #DEFAULT_WAVE_CHUNKS}).
 */
public record BulkRequest(
    List<String> feeds, String start, String end, int chunkDays, int waveChunks) {
  static final int DEFAULT_CHUNK_DAYS = 7;
  static final int DEFAULT_WAVE_CHUNKS = 4;
  static final int MAX_CHUNK_DAYS = 366;
  static final int MAX_WAVE_CHUNKS = 1000;
  static final List<String> FIELDS = List.of("feeds", "start", "end", "chunk_days", "wave_chunks");

  public BulkRequest {
    feeds = List.copyOf(feeds);
  }

  /**
   * Parses and checks the shape of the body and the two numbers (not the feeds and the range).
   *
   * @throws BackfillException naming what is wrong and what is accepted
   */
  public static BulkRequest parse(String body, ObjectMapper mapper) {
    JsonNode node = BackfillRequest.tree(body, mapper);
    if (!node.isObject()) {
      throw BackfillErrors.bulkNotAnObject(node.getNodeType().name().toLowerCase());
    }
    Set<String> unknown = new TreeSet<>();
    node.fieldNames().forEachRemaining(unknown::add);
    FIELDS.forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw BackfillErrors.unknownBulkFields(unknown);
    }
    List<String> missing = new ArrayList<>();
    for (String field : List.of("feeds", "start", "end")) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
        missing.add(field);
      }
    }
    if (!missing.isEmpty()) {
      throw BackfillErrors.missingBulkFields(missing);
    }
    return new BulkRequest(
        feeds(node.get("feeds")),
        text(node, "start"),
        text(node, "end"),
        number(node, "chunk_days", DEFAULT_CHUNK_DAYS, MAX_CHUNK_DAYS),
        number(node, "wave_chunks", DEFAULT_WAVE_CHUNKS, MAX_WAVE_CHUNKS));
  }

  private static List<String> feeds(JsonNode value) {
    if (!value.isArray() || value.isEmpty()) {
      throw BackfillErrors.badFeedList(value.toString());
    }
    List<String> out = new ArrayList<>();
    for (JsonNode feed : value) {
      if (!feed.isTextual() || feed.asText().isBlank()) {
        throw BackfillErrors.badFeedList(value.toString());
      }
      out.add(feed.asText().trim());
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (!value.isTextual()) {
      throw BackfillErrors.notAString(field, value.toString());
    }
    return value.asText().trim();
  }

  private static int number(JsonNode node, String field, int fallback, int max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > max) {
      throw BackfillErrors.badNumber(field, value.toString(), max);
    }
    return value.asInt();
  }
}
