package io.backtide.control.backfill;

import io.backtide.core.FeedKey;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BulkJob;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Starts the process of a job row, whoever asks (a new job, a resume, the recovery): a bulk job
 * with its feeds and settings from its bulk row, any other with its one feed.
 */
public final class JobStarts {
  private final JobLauncher launcher;
  private final FeedCatalog catalog;
  private final Function<UUID, Optional<BulkJob>> bulks;

  /** {@code bulks} finds a job's bulk row; empty for a single-feed job. */
  public JobStarts(
      JobLauncher launcher, FeedCatalog catalog, Function<UUID, Optional<BulkJob>> bulks) {
    this.launcher = launcher;
    this.catalog = catalog;
    this.bulks = bulks;
  }

  /**
   * Starts the job's process. With {@code strict} every feed of the job must still be configured;
   * without (the recovery finishing what was started), a feed no longer configured runs with the
   * default options.
   *
   * @throws BackfillException (strict only) when a feed of the job is no longer configured
   */
  public void start(BackfillJob job, boolean strict) {
    Optional<BulkJob> bulk = bulks.apply(job.id());
    if (bulk.isPresent()) {
      launcher.launchBulk(job, bulk.get(), configured(bulk.get().feeds(), strict));
    } else {
      launcher.launch(job, configured(List.of(job.feed()), strict).get(0));
    }
  }

  /**
   * Checks that every feed of the job is still configured.
   *
   * @throws BackfillException naming the first feed that is not
   */
  public void requireConfigured(BackfillJob job) {
    configured(bulks.apply(job.id()).map(BulkJob::feeds).orElse(List.of(job.feed())), true);
  }

  private List<ConfiguredFeed> configured(List<FeedKey> feeds, boolean strict) {
    return feeds.stream()
        .map(
            key ->
                catalog
                    .find(key)
                    .orElseGet(
                        () -> {
                          if (strict) {
                            throw BackfillErrors.feedGone(key);
                          }
                          return new ConfiguredFeed(key, Map.of());
                        }))
        .toList();
  }
}
