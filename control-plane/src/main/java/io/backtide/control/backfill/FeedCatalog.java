package io.backtide.control.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.core.FeedKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The feeds that may be backfilled, read once from the feeds file:
 *
 * <pre>{"feeds": [{"feed": "binance/BTCUSDT/candle/1m", "options": {"page_size": 1000}}]}</pre>
 */
public final class FeedCatalog {
  private final Map<FeedKey, ConfiguredFeed> feeds;

  private FeedCatalog(Map<FeedKey, ConfiguredFeed> feeds) {
    this.feeds = feeds;
  }

  public static FeedCatalog of(List<ConfiguredFeed> feeds) {
    Map<FeedKey, ConfiguredFeed> map = new LinkedHashMap<>();
    for (ConfiguredFeed f : feeds) {
      if (map.putIfAbsent(f.feed(), f) != null) {
        throw new IllegalArgumentException("feed " + f.feed() + " is configured twice");
      }
    }
    return new FeedCatalog(map);
  }

  /**
   * Reads a feeds file.
   *
   * @throws IllegalArgumentException naming the file and the bad entry
   */
  public static FeedCatalog load(Path file, ObjectMapper mapper) {
    JsonNode root;
    try {
      root = mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the feeds file " + file + " (set FEEDS_FILE): " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("feeds");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(
          "feeds file "
              + file
              + " needs {\"feeds\": [{\"feed\": \"source/subject/kind/granularity\"}]}");
    }
    try {
      List<ConfiguredFeed> entries = new ArrayList<>();
      list.forEach(node -> entries.add(entry(node)));
      return of(entries);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("feeds file " + file + ": " + e.getMessage(), e);
    }
  }

  private static ConfiguredFeed entry(JsonNode node) {
    FeedKey key = FeedKey.parse(node.path("feed").asText(""));
    Map<String, String> options = new LinkedHashMap<>();
    node.path("options").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText()));
    return new ConfiguredFeed(key, options);
  }

  public List<ConfiguredFeed> feeds() {
    return List.copyOf(feeds.values());
  }

  public Optional<ConfiguredFeed> find(FeedKey key) {
    return Optional.ofNullable(feeds.get(key));
  }
}
