package io.backtide.control.data;

import io.backtide.core.IndexEntry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One loaded version of {@code _index.json}: the exact bytes (served as they are), the same bytes
 * gzipped once at load (for clients that accept gzip: compressing 10,000 entries per request costs
 * ~30 ms of CPU), their sha256 (the index's ETag) and the parsed entries by path.
 */
public record IndexSnapshot(byte[] raw, byte[] gzip, String sha256, List<IndexEntry> files) {
  public IndexSnapshot {
    files = List.copyOf(files);
  }

  Map<String, IndexEntry> byPath() {
    return files.stream()
        .collect(Collectors.toMap(IndexEntry::path, Function.identity(), (a, b) -> b));
  }

  /** What the index holds for each feed (keyed by the feed's canonical string). */
  public Map<String, FeedHoldings> holdingsByFeed() {
    return FeedHoldings.byFeed(files);
  }
}
