package io.backtide.control.backfill;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Body of {@code POST /reports/backfill}: six strings, all required ({@code end} is exclusive), and
 * an optional boolean {@code refresh} (fetch every day, also those the store holds complete).
 */
public record BackfillRequest(
    String source,
    String subject,
    String kind,
    String granularity,
    String start,
    String end,
    boolean refresh) {

  static final List<String> REQUIRED =
      List.of("source", "subject", "kind", "granularity", "start", "end");
  static final List<String> FIELDS =
      List.of("source", "subject", "kind", "granularity", "start", "end", "refresh");

  /** The six required fields, without refresh. */
  public BackfillRequest(
      String source, String subject, String kind, String granularity, String start, String end) {
    this(source, subject, kind, granularity, start, end, false);
  }

  /**
   * Parses and checks the shape of the body (not its values).
   *
   * @throws io.backtide.control.ApiException 400 naming what is wrong and what is accepted
   */
  public static BackfillRequest parse(String body, ObjectMapper mapper) {
    JsonNode node = tree(body, mapper);
    if (!node.isObject()) {
      throw BackfillErrors.notAnObject(node.getNodeType().name().toLowerCase());
    }
    Set<String> unknown = new TreeSet<>();
    node.fieldNames().forEachRemaining(unknown::add);
    FIELDS.forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw BackfillErrors.unknownFields(unknown);
    }
    List<String> missing = new ArrayList<>();
    for (String field : REQUIRED) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
        missing.add(field);
      } else if (!value.isTextual()) {
        throw BackfillErrors.notAString(field, value.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw BackfillErrors.missingFields(missing);
    }
    return new BackfillRequest(
        text(node, "source"),
        text(node, "subject"),
        text(node, "kind"),
        text(node, "granularity"),
        text(node, "start"),
        text(node, "end"),
        refresh(node.get("refresh")));
  }

  private static boolean refresh(JsonNode value) {
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw BackfillErrors.notABoolean("refresh", value.toString());
    }
    return value.booleanValue();
  }

  static JsonNode tree(String body, ObjectMapper mapper) {
    if (body == null || body.isBlank()) {
      throw BackfillErrors.emptyBody();
    }
    try {
      JsonNode node =
          mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(body);
      if (node == null || node.isMissingNode()) {
        throw BackfillErrors.emptyBody();
      }
      return node;
    } catch (JsonProcessingException e) {
      throw BackfillErrors.malformedJson(e.getOriginalMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    return node.get(field).asText().trim();
  }
}
