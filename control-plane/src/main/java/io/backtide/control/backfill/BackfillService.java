package io.backtide.control.backfill;

import io.backtide.control.data.FeedHoldings;
import io.backtide.control.data.PublishedIndex;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Validates backfill requests, records jobs, launches them and answers questions about them. */
public final class BackfillService {
  private static final Logger LOG = LoggerFactory.getLogger(BackfillService.class);
  static final int MAX_LIMIT = 1000;
  static final int DEFAULT_LIMIT = 100;

  /** How far in the future an end may lie: a date picker's "tomorrow" covers all of today. */
  static final Duration END_TOLERANCE = Duration.ofDays(1);

  private final BackfillJobRepository jobs;
  private final FeedCatalog catalog;
  private final PublishedIndex index;
  private final JobLauncher launcher;
  private final Clock clock;
  private final Duration maxRange;

  public BackfillService(
      BackfillJobRepository jobs,
      FeedCatalog catalog,
      PublishedIndex index,
      JobLauncher launcher,
      Clock clock,
      Duration maxRange) {
    this.jobs = jobs;
    this.catalog = catalog;
    this.index = index;
    this.launcher = launcher;
    this.clock = clock;
    this.maxRange = maxRange;
  }

  /** The configured feeds with what the published store holds for each. */
  public List<FeedView> feeds() {
    Map<String, FeedHoldings> held = index.current().holdingsByFeed();
    return catalog.feeds().stream()
        .map(f -> FeedView.of(f, held.getOrDefault(f.feed().toString(), FeedHoldings.NONE)))
        .toList();
  }

  /**
   * Records a pending job and launches it.
   *
   * @throws io.backtide.control.ApiException 400 for a bad request, 503 when no job can run
   * @throws io.backtide.jobstore.JobConflictException when a job is pending or running
   */
  public JobView submit(BackfillRequest request) {
    ConfiguredFeed feed = configuredFeed(request);
    TimeRange range = range(request);
    launcher
        .notReady()
        .ifPresent(
            reason -> {
              throw BackfillErrors.launcherNotReady(reason);
            });
    BackfillJob job = jobs.create(feed.feed(), range);
    LOG.info("job {}: created for {} {} to {}", job.id(), job.feed(), range.start(), range.end());
    try {
      launcher.launch(job, feed);
    } catch (RuntimeException e) {
      LOG.error("job {}: launch failed", job.id(), e);
      jobs.fail(job.id(), "could not launch the Spark job: " + e.getMessage());
      throw BackfillErrors.launcherNotReady("could not launch the Spark job: " + e.getMessage());
    }
    return JobView.of(jobs.findById(job.id()).orElse(job));
  }

  /** Jobs newest first, optionally with one status. */
  public List<JobView> jobs(Optional<String> status, Optional<String> limit) {
    int n = limit.map(BackfillService::limit).orElse(DEFAULT_LIMIT);
    List<BackfillJob> found =
        status.isPresent() ? jobs.list(parseStatus(status.get()), n) : jobs.list(n);
    return found.stream().map(JobView::of).toList();
  }

  /** One job; 404 for an unknown or malformed id. */
  public JobView job(String id) {
    return JobView.of(find(id));
  }

  /**
   * Asks an active job to stop after its current page. A pending job without a process is cancelled
   * at once.
   *
   * @throws io.backtide.jobstore.JobStateException 409 when the job is not active
   */
  public JobView cancel(String id) {
    UUID uuid = find(id).id();
    BackfillJob job = jobs.requestCancel(uuid);
    if (job.status() == JobStatus.PENDING && !launcher.isRunning(uuid)) {
      jobs.cancel(uuid);
      LOG.info("job {}: cancelled before it started", uuid);
    } else {
      LOG.info("job {}: cancel requested", uuid);
    }
    return JobView.of(jobs.findById(uuid).orElse(job));
  }

  private BackfillJob find(String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw BackfillErrors.unknownJob(id);
    }
    return jobs.findById(uuid).orElseThrow(() -> BackfillErrors.unknownJob(id));
  }

  private ConfiguredFeed configuredFeed(BackfillRequest r) {
    FeedKey key;
    try {
      key = FeedKey.of(r.source(), r.subject(), r.kind(), r.granularity());
    } catch (IllegalArgumentException e) {
      throw BackfillErrors.badValue(e.getMessage());
    }
    return catalog
        .find(key)
        .orElseThrow(
            () ->
                BackfillErrors.notConfigured(
                    key, catalog.feeds().stream().map(ConfiguredFeed::feed).toList()));
  }

  private TimeRange range(BackfillRequest r) {
    TimeRange range;
    try {
      range = TimeRange.parse(r.start(), r.end());
    } catch (IllegalArgumentException e) {
      throw BackfillErrors.badValue(e.getMessage());
    }
    if (range.duration().compareTo(maxRange) > 0) {
      throw BackfillErrors.rangeTooLong(range.duration(), maxRange);
    }
    Instant latest = clock.instant().plus(END_TOLERANCE);
    if (range.end().isAfter(latest)) {
      throw BackfillErrors.endInFuture(range.end(), latest);
    }
    return range;
  }

  private static JobStatus parseStatus(String text) {
    try {
      return JobStatus.parse(text);
    } catch (IllegalArgumentException e) {
      throw BackfillErrors.badValue("status filter: " + e.getMessage());
    }
  }

  private static int limit(String text) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw BackfillErrors.badLimit(text);
  }
}
