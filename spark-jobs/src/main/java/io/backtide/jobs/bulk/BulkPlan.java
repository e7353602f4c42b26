package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits feeds x range into chunks whose bounds fall on UTC midnights (except the range's own
 * ends), so that a chunk's days are its own and two chunks never write the same day of a feed.
 */
public final class BulkPlan {
  private BulkPlan() {}

  /**
   * The chunks, feed by feed in time order.
   *
   * @throws IllegalArgumentException when {@code chunkDays < 1} or no feed is given
   */
  public static List<Chunk> chunks(List<FeedKey> feeds, TimeRange range, int chunkDays) {
    if (chunkDays < 1) {
      throw new IllegalArgumentException("--chunk-days " + chunkDays + " must be at least 1");
    }
    if (feeds.isEmpty()) {
      throw new IllegalArgumentException("--feeds names no feed");
    }
    List<Chunk> out = new ArrayList<>();
    for (FeedKey feed : feeds) {
      Instant from = range.start();
      while (from.isBefore(range.end())) {
        Instant boundary = from.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(chunkDays));
        Instant to = boundary.isBefore(range.end()) ? boundary : range.end();
        out.add(Chunk.of(feed, new TimeRange(from, to)));
        from = to;
      }
    }
    return out;
  }
}
