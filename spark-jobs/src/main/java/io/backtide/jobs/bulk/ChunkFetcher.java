package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.jobs.backfill.BulkBridge;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.CandleSources;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.SourceRow;
import java.io.Serializable;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Runs on an executor: pages through one chunk with the single-feed backfill's rules (cursor =
 * start; rows before the cursor or at/after the end are dropped; an empty page ends the chunk; a
 * page that does not move the cursor fails it), paced to the task's share of the provider's rate
 * limit. Returns the chunk's distinct rows (last fetched wins) in the table's layout and reports
 * {@code feed|start|pages|rows} to {@code pagesOut}.
 */
final class ChunkFetcher implements Serializable {
  private final String providerUrl;
  private final Long simSeed;
  private final int pageSize;
  private final RateLimits limits;
  private final int slots;
  private final CollectionAccumulator<String> pagesOut;

  ChunkFetcher(
      URI providerUrl,
      Long simSeed,
      int pageSize,
      RateLimits limits,
      int slots,
      CollectionAccumulator<String> pagesOut) {
    this.providerUrl = providerUrl.toString();
    this.simSeed = simSeed;
    this.pageSize = pageSize;
    this.limits = limits;
    this.slots = slots;
    this.pagesOut = pagesOut;
  }

  List<Row> fetch(Chunk chunk) {
    FeedKey feed = chunk.feedKey();
    CandleSource source = source(feed);
    TreeMap<Long, SourceRow> rows = new TreeMap<>();
    Instant cursor = chunk.start();
    long pages = 0;
    try {
      while (cursor.isBefore(chunk.end())) {
        List<SourceRow> page = source.fetch(feed, cursor, chunk.end(), pageSize);
        pages++;
        Instant next = keep(feed, page, cursor, chunk.end(), rows);
        if (next == null) {
          break;
        }
        cursor = next.isAfter(chunk.end()) ? chunk.end() : next;
      }
    } catch (RuntimeException e) {
      throw BulkErrors.chunkFailed(chunk, cursor, e);
    }
    pagesOut.add(chunk.feed() + "|" + chunk.start() + "|" + pages + "|" + rows.size());
    List<Row> out = new ArrayList<>(rows.size());
    for (SourceRow row : rows.values()) {
      out.add(BulkBridge.toRow(feed, row));
    }
    return out;
  }

  /** Adds the page's rows in {@code [cursor, end)}; the next cursor, or null when done. */
  private static Instant keep(
      FeedKey feed,
      List<SourceRow> page,
      Instant cursor,
      Instant end,
      TreeMap<Long, SourceRow> rows) {
    if (page.isEmpty()) {
      return null;
    }
    Instant last = null;
    boolean beyondEnd = false;
    for (SourceRow row : page) {
      Instant ts = row.candle().tsEvent();
      beyondEnd |= !ts.isBefore(end);
      if (!ts.isBefore(cursor) && ts.isBefore(end)) {
        rows.put(row.candle().tsEventMicros(), row);
        last = last == null || ts.isAfter(last) ? ts : last;
      }
    }
    if (last == null) {
      if (beyondEnd) {
        return null;
      }
      throw BulkErrors.stuck(cursor, page.get(0).candle().tsEvent());
    }
    return BulkBridge.next(feed, last);
  }

  private CandleSource source(FeedKey feed) {
    ProviderSettings settings =
        ProviderSettings.defaults(Clock.systemUTC()).withBinanceUrl(URI.create(providerUrl));
    if (simSeed != null) {
      settings = settings.withSimSeed(simSeed);
    }
    CandleSource source = CandleSources.forFeed(feed, settings);
    OptionalDouble perTask = limits.perTask(feed.source(), slots);
    return perTask.isPresent() ? new PacedSource(source, perTask.getAsDouble()) : source;
  }
}
