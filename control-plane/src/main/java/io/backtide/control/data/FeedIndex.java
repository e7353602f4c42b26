package io.backtide.control.data;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.PublishedPath;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded version of a feed's index: its entries by date ({@code YYYY-MM-DD} sorts by time) and
 * what they add up to. A new version is a new instance, so answers built from it can be recognised
 * as current by identity.
 *
 * @param generatedAt when the index was written; null when the file does not say
 */
record FeedIndex(
    FeedKey feed,
    String generatedAt,
    NavigableMap<String, IndexEntry> byDate,
    FeedHoldings holdings) {
  private static final Logger LOG = LoggerFactory.getLogger(FeedIndex.class);

  FeedIndex {
    Objects.requireNonNull(feed, "feed");
    byDate = Collections.unmodifiableNavigableMap(byDate);
  }

  /**
   * The entries of {@code feed}; an entry whose path is not {@code {feed}/{date}.parquet} is left
   * out (with a warning): the data routes would never serve it under that name.
   */
  static FeedIndex of(FeedKey feed, String generatedAt, Collection<IndexEntry> entries) {
    NavigableMap<String, IndexEntry> byDate = new TreeMap<>();
    int skipped = 0;
    for (IndexEntry e : entries) {
      boolean named =
          PublishedPath.dateOf(e.date() + PublishedPath.SUFFIX).isPresent()
              && e.path().equals(feed.path() + "/" + e.date() + PublishedPath.SUFFIX);
      if (named) {
        byDate.put(e.date(), e);
      } else {
        skipped++;
      }
    }
    if (skipped > 0) {
      LOG.warn(
          "{}: {} index entr(ies) not named {{feed}}/{{date}}.parquet left out", feed, skipped);
    }
    return new FeedIndex(feed, generatedAt, byDate, FeedHoldings.of(byDate.values()));
  }
}
