package io.backtide.control.backfill;

import io.backtide.core.FeedKey;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BulkJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The command line that runs {@code BulkBackfillApp} for a bulk job, locally or through SparkSubmit
 * as {@link JobCommand} does for single jobs: the job id and the bulk row's feeds, chunk length and
 * wave, the smallest page size of the feeds, their shared provider URL and public data archive, and
 * the table's URI when it is not under the data folder ({@code TABLE_URI}).
 */
public final class BulkCommand {
  public static final String MAIN_CLASS = "io.backtide.jobs.bulk.BulkBackfillApp";

  /** The job JVM's heap when no feed sets {@code job_heap}: a wave's rows plus Spark's own. */
  static final String DEFAULT_HEAP = "2g";

  private final LaunchSettings settings;
  private final JobCommand command;

  public BulkCommand(LaunchSettings settings, JobCommand command) {
    this.settings = settings;
    this.command = command;
  }

  List<String> build(BackfillJob job, BulkJob bulk, List<ConfiguredFeed> feeds) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--job-id", job.id().toString(),
                "--data-dir", settings.dataDir().toString(),
                "--feeds", bulk.feeds().stream().map(FeedKey::toString).collect(joining()),
                "--chunk-days", String.valueOf(bulk.chunkDays()),
                "--wave-chunks", String.valueOf(bulk.waveChunks()),
                "--page-size", String.valueOf(pageSize(feeds))));
    providerUrl(feeds)
        .filter(url -> !JobCommand.carriesSecret(url))
        .ifPresent(url -> args.addAll(List.of("--provider-url", url)));
    settings.tableUri().ifPresent(uri -> args.addAll(List.of("--table-uri", uri)));
    archiveUrl(feeds, settings.binanceArchiveUrl())
        .ifPresent(url -> args.addAll(List.of("--archive-url", url)));
    return command.build(
        job, List.of("-Xmx" + heap(feeds)), MAIN_CLASS, "backtide-bulk-backfill-", args);
  }

  /** What the job reads from its environment: the database login and a secret provider URL. */
  Map<String, String> secretEnvironment(List<ConfiguredFeed> feeds) {
    Map<String, String> env = new LinkedHashMap<>(command.secretEnvironment(feeds.get(0)));
    env.remove("PROVIDER_URL");
    providerUrl(feeds)
        .filter(JobCommand::carriesSecret)
        .ifPresent(url -> env.put("PROVIDER_URL", url));
    return env;
  }

  /**
   * The provider URL of the feeds that need one (every source but {@code sim}); one job passes one.
   *
   * @throws IllegalArgumentException when the feeds name different provider URLs
   */
  static Optional<String> providerUrl(List<ConfiguredFeed> feeds, String binanceBaseUrl) {
    List<String> urls =
        feeds.stream()
            .filter(f -> !"sim".equals(f.feed().source()))
            .map(f -> f.providerUrl().orElse(binanceBaseUrl))
            .distinct()
            .toList();
    if (urls.size() > 1) {
      throw new IllegalArgumentException(
          "the feeds of one bulk backfill must share one provider URL; these use "
              + urls.stream().map(io.backtide.control.Redact::secrets).toList()
              + ": start one bulk backfill per provider URL");
    }
    return urls.stream().findFirst();
  }

  /**
   * The public data archive the feeds take their past days from ({@code archive_url}, else {@code
   * archiveBase}); empty when they use none ({@code archive: false}, or only {@code sim} feeds).
   * One job passes one.
   *
   * @throws IllegalArgumentException when the feeds use different archives, or some none
   */
  static Optional<String> archiveUrl(List<ConfiguredFeed> feeds, String archiveBase) {
    List<String> choices =
        feeds.stream()
            .filter(f -> !"sim".equals(f.feed().source()))
            .map(f -> f.archive() ? f.archiveUrl().orElse(archiveBase) : NO_ARCHIVE)
            .distinct()
            .toList();
    if (choices.size() > 1) {
      throw new IllegalArgumentException(
          "the feeds of one bulk backfill must share one archive setting; these use "
              + choices
              + ": start one bulk backfill per archive setting");
    }
    return choices.stream().findFirst().filter(c -> !c.equals(NO_ARCHIVE));
  }

  private static final String NO_ARCHIVE = "archive: false";

  private Optional<String> providerUrl(List<ConfiguredFeed> feeds) {
    return providerUrl(feeds, settings.binanceBaseUrl());
  }

  private static int pageSize(List<ConfiguredFeed> feeds) {
    return feeds.stream().mapToInt(ConfiguredFeed::pageSize).min().orElse(1000);
  }

  /** The largest {@code job_heap} of the feeds, else {@link #DEFAULT_HEAP}. */
  static String heap(List<ConfiguredFeed> feeds) {
    return feeds.stream()
        .map(ConfiguredFeed::jobHeap)
        .flatMap(Optional::stream)
        .max(java.util.Comparator.comparingLong(JobHeap::mebibytes))
        .orElse(DEFAULT_HEAP);
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(",");
  }
}
