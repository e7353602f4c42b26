package io.backtide.jobstore;

import io.backtide.core.FeedKey;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a bulk backfill needs besides its job row ({@code backfill_bulk_jobs}): its feeds (the job
 * row's feed is the first), the chunk length in days and the chunks per commit (a wave).
 */
public record BulkJob(UUID jobId, List<FeedKey> feeds, int chunkDays, int waveChunks) {
  public BulkJob {
    Objects.requireNonNull(jobId, "jobId");
    feeds = List.copyOf(feeds);
    if (feeds.isEmpty()) {
      throw new IllegalArgumentException("a bulk job needs at least one feed");
    }
    if (feeds.stream().distinct().count() != feeds.size()) {
      throw new IllegalArgumentException("a bulk job names a feed twice: " + feeds);
    }
    if (chunkDays < 1 || waveChunks < 1) {
      throw new IllegalArgumentException(
          "chunk days " + chunkDays + " and wave chunks " + waveChunks + " must be at least 1");
    }
  }
}
