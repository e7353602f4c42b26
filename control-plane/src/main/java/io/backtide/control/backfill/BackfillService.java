package io.backtide.control.backfill;

import io.backtide.control.data.FeedHoldings;
import io.backtide.control.data.PublishedIndex;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
  private final JobStarts starts;
  private final Clock clock;
  private final Duration maxRange;

  public BackfillService(
      BackfillJobRepository jobs,
      FeedCatalog catalog,
      PublishedIndex index,
      JobLauncher launcher,
      JobStarts starts,
      Clock clock,
      Duration maxRange) {
    this.jobs = jobs;
    this.catalog = catalog;
    this.index = index;
    this.launcher = launcher;
    this.starts = starts;
    this.clock = clock;
    this.maxRange = maxRange;
  }

  /**
   * The gap report of a configured feed over {@code [start, end)} (UTC days); without them, over
   * the days from its first to its last published file.
   */
  public GapReport gaps(FeedKey feed, Optional<LocalDate> start, Optional<LocalDate> end) {
    if (catalog.find(feed).isEmpty()) {
      throw BackfillErrors.notConfigured(
          feed, catalog.feeds().stream().map(ConfiguredFeed::feed).toList());
    }
    List<IndexEntry> files = index.entries(feed);
    List<LocalDate> published =
        files.stream()
            .filter(e -> e.path().startsWith(feed + "/"))
            .map(e -> LocalDate.parse(e.date()))
            .sorted()
            .toList();
    LocalDate from = start.orElse(published.isEmpty() ? LocalDate.now(clock) : published.get(0));
    LocalDate to =
        end.orElse(published.isEmpty() ? from : published.get(published.size() - 1).plusDays(1));
    if (to.isBefore(from)) {
      throw BackfillErrors.badValue("end " + to + " is before start " + from);
    }
    Duration span = Duration.ofDays(java.time.temporal.ChronoUnit.DAYS.between(from, to));
    if (span.compareTo(maxRange) > 0) {
      throw BackfillErrors.rangeTooLong(span, maxRange);
    }
    return GapReport.of(feed, from, to, files);
  }

  /** The configured feeds with what the published store holds for each. */
  public List<FeedView> feeds() {
    Map<String, FeedHoldings> held = index.holdingsByFeed();
    return catalog.feeds().stream()
        .map(f -> FeedView.of(f, held.getOrDefault(f.feed().toString(), FeedHoldings.NONE)))
        .toList();
  }

  /**
   * Records a pending job and launches it.
   *
   * @throws BackfillException for a bad request, or when no job can be launched
   * @throws io.backtide.jobstore.JobConflictException when a job is pending or running
   */
  public JobView submit(BackfillRequest request) {
    ConfiguredFeed feed = configuredFeed(request);
    TimeRange range = range(request);
    launcher
        .tableUri()
        .ifPresent(
            uri -> {
              throw BackfillErrors.singleJobWithTableUri(uri, feed.feed());
            });
    requireReady();
    BackfillJob job = jobs.create(feed.feed(), range, request.refresh());
    LOG.info(
        "job {}: created for {} {} to {} (end exclusive){}",
        job.id(),
        job.feed(),
        range.start(),
        range.end(),
        request.refresh() ? ", refresh" : "");
    return launch(job);
  }

  /**
   * Continues a failed or cancelled job from its cursor as a new attempt: nothing before the cursor
   * is fetched again.
   *
   * @throws BackfillException when no job has this id, its feed is no longer configured, or no job
   *     can be launched
   * @throws io.backtide.jobstore.JobStateException when the job is active or completed
   * @throws io.backtide.jobstore.JobConflictException when another job is pending or running
   */
  public JobView resume(UUID id) {
    BackfillJob job = find(id);
    starts.requireConfigured(job);
    requireReady();
    BackfillJob resumed = jobs.resume(id);
    LOG.info(
        "job {}: resumed {} from {} (attempt {})",
        id,
        resumed.feed(),
        resumed.cursor(),
        resumed.attempt());
    return launch(resumed);
  }

  private JobView launch(BackfillJob job) {
    launchOrFail(job);
    return view(jobs.findById(job.id()).orElse(job));
  }

  /**
   * Starts the job's process; when it cannot start, the job fails with the reason.
   *
   * @throws BackfillException when the process could not be started
   */
  void launchOrFail(BackfillJob job) {
    try {
      starts.start(job, true);
    } catch (BackfillException e) {
      jobs.fail(job.id(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      LOG.error("job {}: launch failed", job.id(), e);
      jobs.fail(job.id(), "could not launch the Spark job: " + e.getMessage());
      throw BackfillErrors.launcherNotReady("could not launch the Spark job: " + e.getMessage());
    }
  }

  /**
   * @throws BackfillException when no job can be launched now
   */
  void requireReady() {
    launcher
        .notReady()
        .ifPresent(
            reason -> {
              throw BackfillErrors.launcherNotReady(reason);
            });
  }

  private JobView view(BackfillJob job) {
    return JobView.of(job, clock.instant());
  }

  /**
   * Jobs newest first, optionally with one status.
   *
   * @throws BackfillException when {@code limit} is not in 1..{@value #MAX_LIMIT}
   */
  public List<JobView> jobs(Optional<JobStatus> status, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw BackfillErrors.badLimit(String.valueOf(limit));
    }
    List<BackfillJob> found =
        status.map(s -> jobs.list(s, limit)).orElseGet(() -> jobs.list(limit));
    return found.stream().map(this::view).toList();
  }

  /**
   * One job.
   *
   * @throws BackfillException when no job has this id
   */
  public JobView job(UUID id) {
    return view(find(id));
  }

  /**
   * Asks an active job to stop after its current page. A pending job without a process is cancelled
   * at once.
   *
   * @throws BackfillException when no job has this id
   * @throws io.backtide.jobstore.JobStateException when the job is not active
   */
  public JobView cancel(UUID id) {
    BackfillJob job = jobs.requestCancel(find(id).id());
    if (job.status() == JobStatus.PENDING && !launcher.isRunning(id)) {
      jobs.cancel(id);
      LOG.info("job {}: cancelled before it started", id);
    } else {
      LOG.info("job {}: cancel requested", id);
    }
    return view(jobs.findById(id).orElse(job));
  }

  BackfillJob find(UUID id) {
    return jobs.findById(id).orElseThrow(() -> BackfillErrors.unknownJob(id.toString()));
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
    return checkedRange(r.start(), r.end(), maxRange, clock);
  }

  /**
   * The range {@code start} to {@code end} (exclusive), at most {@code maxRange} long, not ending
   * in the future.
   *
   * @throws BackfillException naming what is wrong
   */
  static TimeRange checkedRange(String start, String end, Duration maxRange, Clock clock) {
    TimeRange range;
    try {
      range = TimeRange.parse(start, end);
    } catch (IllegalArgumentException e) {
      throw BackfillErrors.badRange(e.getMessage());
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
}
