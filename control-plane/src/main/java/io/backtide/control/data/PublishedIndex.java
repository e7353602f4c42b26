package io.backtide.control.data;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published index as the data routes serve it: built from every feed's own {@code
 * published/{feed}/_index.json} (and the old single {@code published/_index.json} for feeds that
 * have none yet), answered per filter from memory while the feed indexes behind an answer are
 * unchanged. See {@link FeedIndexes} for when a feed's index is re-read.
 */
public final class PublishedIndex {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedIndex.class);
  private final FeedIndexes feeds;
  private final IndexAnswers answers = new IndexAnswers(IndexQuery.EVERYTHING.key());

  public PublishedIndex(Path publishedDir) {
    this.feeds = new FeedIndexes(publishedDir);
  }

  /** The entries that match {@code query}, sorted by path, as one answer. */
  IndexBody answer(IndexQuery query) {
    List<FeedIndex> basis =
        query
            .feed()
            .map(feed -> feeds.one(feed).stream().toList())
            .orElseGet(() -> feeds.all().stream().filter(i -> query.matches(i.feed())).toList());
    return answers.get(query.key(), basis, () -> build(query, basis));
  }

  private static IndexBody build(IndexQuery query, List<FeedIndex> basis) {
    long t0 = System.nanoTime();
    IndexBody body =
        IndexBody.write(
            generatedAt(basis),
            () -> basis.stream().flatMap(i -> days(i, query).values().stream()).iterator());
    if (query.equals(IndexQuery.EVERYTHING)) {
      LOG.info(
          "whole index built: {} feed(s), {} bytes of JSON, {} gzipped, in {} ms",
          basis.size(),
          body.jsonLength(),
          body.gzip().length,
          (System.nanoTime() - t0) / 1_000_000);
    }
    return body;
  }

  /** The entry of one published day, in the feed's current index. */
  Optional<IndexEntry> entry(FeedKey feed, LocalDate date) {
    return feeds.one(feed).map(i -> i.byDate().get(date.toString()));
  }

  /** Every published day of {@code feed}, by date. */
  public List<IndexEntry> entries(FeedKey feed) {
    return feeds.one(feed).map(i -> List.copyOf(i.byDate().values())).orElse(List.of());
  }

  /** What the index holds for each feed (keyed by the feed's canonical string). */
  public Map<String, FeedHoldings> holdingsByFeed() {
    return feeds.all().stream()
        .collect(Collectors.toUnmodifiableMap(i -> i.feed().toString(), FeedIndex::holdings));
  }

  private static NavigableMap<String, IndexEntry> days(FeedIndex index, IndexQuery query) {
    NavigableMap<String, IndexEntry> days = index.byDate();
    Optional<LocalDate> first = query.firstDay();
    Optional<LocalDate> last = query.lastDay();
    if (first.isPresent()) {
      days = days.tailMap(first.get().toString(), true);
    }
    if (last.isPresent()) {
      days = days.headMap(last.get().toString(), true);
    }
    return days;
  }

  /** The latest {@code generated_at} of the feed indexes behind an answer; null when none. */
  private static String generatedAt(List<FeedIndex> basis) {
    return basis.stream()
        .map(FeedIndex::generatedAt)
        .filter(t -> t != null && instant(t).isPresent())
        .max(Comparator.comparing(t -> instant(t).orElseThrow()))
        .orElse(null);
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
