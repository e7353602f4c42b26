package io.backtide.control.data;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code published/_index.json}, the single index that releases before per-feed indexes wrote: read
 * (and re-read only when it changes) as the fallback for feeds that have no index of their own yet.
 * Nothing writes it any more; a feed's first commit copies its entries into the feed's own index.
 */
final class LegacyIndex {
  private static final Logger LOG = LoggerFactory.getLogger(LegacyIndex.class);

  private final Path file;
  private volatile Loaded loaded = new Loaded(FileStamp.ABSENT, Map.of());

  private record Loaded(Object stamp, Map<FeedKey, FeedIndex> byFeed) {}

  LegacyIndex(Path file) {
    this.file = file;
  }

  /** The old index's entries by feed (empty when there is no old index). */
  Map<FeedKey, FeedIndex> byFeed() {
    Object stamp = FileStamp.of(file);
    Loaded current = loaded;
    if (current.stamp().equals(stamp)) {
      return current.byFeed();
    }
    synchronized (this) {
      if (!loaded.stamp().equals(stamp)) {
        loaded = new Loaded(stamp, stamp == FileStamp.ABSENT ? Map.of() : read(loaded.byFeed()));
      }
      return loaded.byFeed();
    }
  }

  private Map<FeedKey, FeedIndex> read(Map<FeedKey, FeedIndex> previous) {
    IndexFile index;
    try {
      index = IndexFile.parse(Files.readAllBytes(file));
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: cannot read the old index, serving the previous one: {}", file, e.getMessage());
      return previous;
    }
    Map<String, List<IndexEntry>> grouped = new HashMap<>();
    for (IndexEntry e : index.files()) {
      grouped.computeIfAbsent(e.feed(), f -> new ArrayList<>()).add(e);
    }
    Map<FeedKey, FeedIndex> byFeed = new HashMap<>();
    grouped.forEach(
        (feed, entries) -> {
          try {
            FeedKey key = FeedKey.parse(feed);
            byFeed.put(key, FeedIndex.of(key, index.generatedAt(), entries));
          } catch (IllegalArgumentException e) {
            LOG.warn(
                "{}: {} entr(ies) under '{}' left out: {}",
                file,
                entries.size(),
                feed,
                e.getMessage());
          }
        });
    LOG.info(
        "{}: old single index read, {} feed(s), {} file(s)",
        file,
        byFeed.size(),
        index.files().size());
    return Map.copyOf(byFeed);
  }
}
