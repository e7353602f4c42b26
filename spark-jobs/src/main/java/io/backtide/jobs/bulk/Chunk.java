package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One feed over one time range: what one Spark task fetches. Serializable to reach executors. */
public record Chunk(String feed, Instant start, Instant end) implements Serializable {
  public Chunk {
    FeedKey.parse(Objects.requireNonNull(feed, "feed"));
    new TimeRange(start, end);
  }

  public static Chunk of(FeedKey feed, TimeRange range) {
    return new Chunk(feed.toString(), range.start(), range.end());
  }

  public FeedKey feedKey() {
    return FeedKey.parse(feed);
  }

  public TimeRange range() {
    return new TimeRange(start, end);
  }
}
