package io.backtide.control.backfill;

import io.backtide.control.data.FeedHoldings;
import java.time.Instant;

/** A configured feed and what the published store holds for it. */
public record FeedView(
    String feed,
    String source,
    String subject,
    String kind,
    String granularity,
    int days,
    long records,
    Instant firstTs,
    Instant lastTs) {

  static FeedView of(ConfiguredFeed configured, FeedHoldings held) {
    var f = configured.feed();
    return new FeedView(
        f.toString(),
        f.source(),
        f.subject(),
        f.kind().code(),
        f.granularity().code(),
        held.days(),
        held.records(),
        held.firstTs().orElse(null),
        held.lastTs().orElse(null));
  }
}
