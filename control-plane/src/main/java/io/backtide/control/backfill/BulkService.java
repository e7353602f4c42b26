package io.backtide.control.backfill;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BulkJob;
import io.backtide.jobstore.BulkJobRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk backfills: several configured feeds (or one feed over a long range) in chunks, as one job
 * under the one-active-job rule. Cancel and resume are the single jobs' ({@link BackfillService}).
 */
public final class BulkService {
  private static final Logger LOG = LoggerFactory.getLogger(BulkService.class);

  private final BackfillService jobs;
  private final BulkJobRepository bulks;
  private final BackfillChunkRepository chunks;
  private final FeedCatalog catalog;
  private final String binanceBaseUrl;
  private final String binanceArchiveUrl;
  private final Clock clock;
  private final Duration maxRange;

  public BulkService(
      BackfillService jobs,
      BulkJobRepository bulks,
      BackfillChunkRepository chunks,
      FeedCatalog catalog,
      String binanceBaseUrl,
      String binanceArchiveUrl,
      Clock clock,
      Duration maxRange) {
    this.jobs = jobs;
    this.bulks = bulks;
    this.chunks = chunks;
    this.catalog = catalog;
    this.binanceBaseUrl = binanceBaseUrl;
    this.binanceArchiveUrl = binanceArchiveUrl;
    this.clock = clock;
    this.maxRange = maxRange;
  }

  /**
   * Records a pending bulk job and launches it.
   *
   * @throws BackfillException for a bad request, or when no job can be launched
   * @throws io.backtide.jobstore.JobConflictException when a job is pending or running
   */
  public BulkView submit(BulkRequest request) {
    List<ConfiguredFeed> feeds = configured(request.feeds());
    TimeRange range = BackfillService.checkedRange(request.start(), request.end(), maxRange, clock);
    try {
      BulkCommand.providerUrl(feeds, binanceBaseUrl);
      BulkCommand.archiveUrl(feeds, binanceArchiveUrl);
    } catch (IllegalArgumentException e) {
      throw BackfillErrors.badValue(e.getMessage());
    }
    jobs.requireReady();
    List<FeedKey> keys = feeds.stream().map(ConfiguredFeed::feed).toList();
    BackfillJob job = bulks.create(keys, range, request.chunkDays(), request.waveChunks());
    LOG.info(
        "job {}: bulk backfill created for {} {} to {} (end exclusive), {} day(s) per chunk",
        job.id(),
        keys,
        range.start(),
        range.end(),
        request.chunkDays());
    jobs.launchOrFail(job);
    return bulk(job.id());
  }

  /**
   * One bulk job with its chunks.
   *
   * @throws BackfillException when no bulk job has this id
   */
  public BulkView bulk(UUID id) {
    BulkJob bulk = bulks.find(id).orElseThrow(() -> BackfillErrors.notBulk(id.toString()));
    return view(bulk);
  }

  /**
   * Bulk jobs newest first.
   *
   * @throws BackfillException when {@code limit} is not in 1..{@value BackfillService#MAX_LIMIT}
   */
  public List<BulkView> list(int limit) {
    if (limit < 1 || limit > BackfillService.MAX_LIMIT) {
      throw BackfillErrors.badLimit(String.valueOf(limit));
    }
    return bulks.list(limit).stream().map(this::view).toList();
  }

  private BulkView view(BulkJob bulk) {
    JobView job = jobs.job(bulk.jobId());
    boolean active = job.status().equals("pending") || job.status().equals("running");
    List<ChunkView> views =
        chunks.states(bulk.jobId()).stream().map(s -> ChunkView.of(s, active)).toList();
    return BulkView.of(job, bulk, views);
  }

  private List<ConfiguredFeed> configured(List<String> names) {
    List<ConfiguredFeed> out = new ArrayList<>();
    for (String name : names) {
      FeedKey key;
      try {
        key = FeedKey.parse(name);
      } catch (IllegalArgumentException e) {
        throw BackfillErrors.badValue("feeds: " + e.getMessage());
      }
      ConfiguredFeed feed =
          catalog
              .find(key)
              .orElseThrow(
                  () ->
                      BackfillErrors.notConfigured(
                          key, catalog.feeds().stream().map(ConfiguredFeed::feed).toList()));
      if (out.contains(feed)) {
        throw BackfillErrors.feedTwice(key);
      }
      out.add(feed);
    }
    return out;
  }
}
