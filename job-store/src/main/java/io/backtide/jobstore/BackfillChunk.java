package io.backtide.jobstore;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One unit of a bulk backfill: a feed over a time range, fetched by one task. {@code done} once its
 * rows are committed ({@code tableVersion}) and published.
 */
public record BackfillChunk(
    UUID jobId,
    FeedKey feed,
    TimeRange range,
    boolean done,
    long recordsWritten,
    long pagesFetched,
    OptionalLong tableVersion) {

  public BackfillChunk {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(tableVersion, "tableVersion");
    if (recordsWritten < 0 || pagesFetched < 0) {
      throw new IllegalArgumentException(
          "counters must not be negative: records " + recordsWritten + ", pages " + pagesFetched);
    }
    if (done && tableVersion.isEmpty()) {
      throw new IllegalArgumentException(
          "chunk " + feed + " " + range + " is done without a version");
    }
  }

  /** A chunk not started yet. */
  public static BackfillChunk planned(UUID jobId, FeedKey feed, TimeRange range) {
    return new BackfillChunk(jobId, feed, range, false, 0, 0, OptionalLong.empty());
  }
}
