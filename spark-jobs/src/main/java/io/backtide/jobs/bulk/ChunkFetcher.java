package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.backfill.Paging;
import io.backtide.jobs.backfill.Paging.Page;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.CandleSources;
import io.backtide.jobs.provider.DayOrigin;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.table.TableRows;
import java.io.Serializable;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Runs on an executor: pages through one chunk with the single-feed backfill's rule ({@link
 * Paging}: cursor = start; rows before the cursor or at/after the end are dropped; an empty page
 * ends the chunk; a page that does not move the cursor fails it), paced to the task's share of the
 * provider's rate limit. Returns the chunk's distinct rows (last fetched wins) in the table's
 * layout and reports {@code feed|start|pages|rows} to {@code pagesOut} and, for each day whose
 * origin the source knows (archive or REST, for Binance), its origin and the parts the source left
 * unasked to {@code originsOut}, and the source's notes for the operator to {@code notesOut}. With
 * an archive URL, Binance chunks take their past days from the archive first, its next files
 * downloaded while one is read, as single-feed jobs do.
 */
final class ChunkFetcher implements Serializable {
  private final String providerUrl;
  private final String archiveUrl;
  private final Long simSeed;
  private final int pageSize;
  private final RateLimits limits;
  private final int slots;
  private final CollectionAccumulator<String> pagesOut;
  private final CollectionAccumulator<String> originsOut;
  private final CollectionAccumulator<String> notesOut;

  ChunkFetcher(
      BulkSettings settings,
      int slots,
      CollectionAccumulator<String> pagesOut,
      CollectionAccumulator<String> originsOut,
      CollectionAccumulator<String> notesOut) {
    this.providerUrl = settings.providerUrl().toString();
    this.archiveUrl = settings.archiveUrl().map(URI::toString).orElse(null);
    this.simSeed = settings.simSeed();
    this.pageSize = settings.pageSize();
    this.limits = settings.limits();
    this.slots = slots;
    this.pagesOut = pagesOut;
    this.originsOut = originsOut;
    this.notesOut = notesOut;
  }

  List<Row> fetch(Chunk chunk) {
    FeedKey feed = chunk.feedKey();
    TreeMap<Long, SourceRow> rows = new TreeMap<>();
    Instant cursor = chunk.start();
    long pages = 0;
    try (CandleSource source = source(feed)) {
      source.plan(feed, new TimeRange(chunk.start(), chunk.end()));
      while (cursor.isBefore(chunk.end())) {
        Page page =
            Paging.trim(
                feed, source.fetch(feed, cursor, chunk.end(), pageSize), cursor, chunk.end());
        pages++;
        if (page.done()) {
          break;
        }
        page.rows().forEach(row -> rows.put(row.candle().tsEventMicros(), row));
        cursor = page.next().isAfter(chunk.end()) ? chunk.end() : page.next();
      }
      reportOrigins(chunk, source);
      source.notes().forEach(notesOut::add);
    } catch (RuntimeException e) {
      throw BulkErrors.chunkFailed(chunk, cursor, e);
    }
    pagesOut.add(chunk.feed() + "|" + chunk.start() + "|" + pages + "|" + rows.size());
    List<Row> out = new ArrayList<>(rows.size());
    for (SourceRow row : rows.values()) {
      out.add(TableRows.toRow(feed, row));
    }
    return out;
  }

  /**
   * Reports {@code feed|day|origin|unasked} for each day of the chunk the source says it served or
   * left parts of unasked ({@link WaveNotes} reads it).
   */
  private void reportOrigins(Chunk chunk, CandleSource source) {
    for (LocalDate day : new TimeRange(chunk.start(), chunk.end()).days()) {
      Optional<DayOrigin> origin = source.origin(day);
      List<TimeRange> unasked = source.unasked(day);
      if (origin.isPresent() || !unasked.isEmpty()) {
        originsOut.add(WaveNotes.report(chunk.feed(), day, origin, unasked));
      }
    }
  }

  private CandleSource source(FeedKey feed) {
    ProviderSettings settings =
        ProviderSettings.defaults(Clock.systemUTC()).withBinanceUrl(URI.create(providerUrl));
    if (simSeed != null) {
      settings = settings.withSimSeed(simSeed);
    }
    if (archiveUrl != null) {
      settings = settings.withArchiveUrl(URI.create(archiveUrl));
    }
    OptionalDouble perTask = limits.perTask(feed.source(), slots);
    if (perTask.isPresent() && CandleSources.usesHttp(feed.source())) {
      // Paced in the transport: API requests (and their retries), not archive files.
      return CandleSources.forFeed(feed, settings.withRestRequestsPerMinute(perTask.getAsDouble()));
    }
    CandleSource source = CandleSources.forFeed(feed, settings);
    return perTask.isPresent() ? new PacedSource(source, perTask.getAsDouble()) : source;
  }
}
