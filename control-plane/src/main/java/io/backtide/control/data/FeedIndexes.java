package io.backtide.control.data;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every feed's {@code published/{feed}/_index.json}, each kept in memory and re-read only when its
 * own file changes (one {@code stat} per feed and look-up; the look-ups of every feed that run at
 * once share one round of them), so a commit of one feed costs a re-read of that feed's index only.
 * Feeds without an index of their own are served from the old single index ({@link LegacyIndex}). A
 * file that cannot be parsed keeps its last good version in service.
 */
final class FeedIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(FeedIndexes.class);

  private final Path published;
  private final FeedFolders folders;
  private final LegacyIndex legacy;
  private final Map<FeedKey, Loaded> loaded = new ConcurrentHashMap<>();
  private final FreshValue<List<FeedIndex>> all = new FreshValue<>(this::sweep);

  /** One version of a feed's file; {@code index} is empty when it never parsed. */
  private record Loaded(Object stamp, Optional<FeedIndex> index) {}

  FeedIndexes(Path published) {
    this.published = published;
    this.folders = new FeedFolders(published);
    this.legacy = new LegacyIndex(published.resolve(IndexFile.FILE_NAME));
  }

  /**
   * The current index of every feed, sorted by feed path (so their entries are in path order), as
   * of a check of every feed's folder and index that started after this call; concurrent calls
   * share one check ({@link FreshValue}).
   */
  List<FeedIndex> all() {
    return all.get();
  }

  private List<FeedIndex> sweep() {
    TreeMap<String, FeedIndex> byPath = new TreeMap<>();
    legacy.byFeed().forEach((feed, index) -> byPath.put(sortKey(feed), index));
    Set<FeedKey> present = new HashSet<>();
    for (FeedKey feed : folders.feeds()) {
      present.add(feed);
      own(feed).ifPresent(index -> byPath.put(sortKey(feed), index));
    }
    loaded.keySet().retainAll(present);
    return List.copyOf(byPath.values());
  }

  /** The current index of one feed: its own, else its part of the old single index. */
  Optional<FeedIndex> one(FeedKey feed) {
    return own(feed).or(() -> Optional.ofNullable(legacy.byFeed().get(feed)));
  }

  /** Paths are {@code {feed}/{date}.parquet}: ordering feeds by {@code {feed}/} orders paths. */
  private static String sortKey(FeedKey feed) {
    return feed.path() + "/";
  }

  private Optional<FeedIndex> own(FeedKey feed) {
    Path file = published.resolve(feed.path()).resolve(IndexFile.FILE_NAME);
    Object stamp = FileStamp.of(file);
    if (stamp == FileStamp.ABSENT) {
      loaded.remove(feed);
      return Optional.empty();
    }
    Loaded current = loaded.get(feed);
    if (current != null && current.stamp().equals(stamp)) {
      return current.index();
    }
    return loaded
        .compute(
            feed,
            (key, old) ->
                old != null && old.stamp().equals(stamp) ? old : read(key, file, stamp, old))
        .index();
  }

  private static Loaded read(FeedKey feed, Path file, Object stamp, Loaded previous) {
    try {
      IndexFile index = IndexFile.parse(Files.readAllBytes(file));
      return new Loaded(stamp, Optional.of(FeedIndex.of(feed, index.generatedAt(), index.files())));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "{}: cannot read the feed's index, serving the previous one: {}", file, e.getMessage());
      return new Loaded(stamp, previous == null ? Optional.empty() : previous.index());
    }
  }
}
