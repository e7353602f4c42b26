package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.backfill.JobArgs;
import io.backtide.jobs.cli.JobOptions;
import io.backtide.jobs.provider.ProviderSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/** The command line of {@link BulkBackfillApp}; every error names the argument. */
public record BulkArgs(
    UUID jobId,
    Optional<TimeRange> range,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String master,
    BulkSettings settings)
    implements JobArgs {

  static final String USAGE =
      """
      usage: BulkBackfillApp --job-id UUID --feeds F1,F2,... [--start T --end T] --data-dir PATH
                             --db-url JDBC_URL [--chunk-days N] [--wave-chunks N] [--page-size N]
                             [--rate-limit provider=requestsPerMinute,...] [--provider-url URL]
                             [--sim-seed N] [--master M] [--table-uri URI] [--archive-url URL]
        environment: DB_URL, DB_USER, DB_PASSWORD, BACKTIDE_DATA_DIR""";

  private static final Set<String> OWN =
      Set.of(
          "feeds",
          "start",
          "end",
          "chunk-days",
          "wave-chunks",
          "page-size",
          "rate-limit",
          "sim-seed",
          "table-uri",
          "archive-url");

  public static BulkArgs parse(String[] args, Map<String, String> env) {
    JobOptions o = JobOptions.parse(args, OWN, env);
    String dbUrl = o.dbUrl();
    Path dataDir = o.dataDir();
    BulkSettings settings =
        new BulkSettings(
            feeds(o.required("feeds")),
            o.positive("chunk-days", 1),
            o.positive("page-size", 1000),
            o.positive("wave-chunks", 64),
            o.parsed("rate-limit", RateLimits::parse).orElse(RateLimits.none()),
            o.providerUrl(),
            boxed(o.number("sim-seed")),
            o.parsed("table-uri", BulkArgs::tableUri),
            archiveUrl(o));
    return new BulkArgs(
        o.jobId(), o.range(), dataDir, dbUrl, o.dbUser(), o.dbPassword(), o.master(), settings);
  }

  private static List<FeedKey> feeds(String text) {
    List<FeedKey> out = new ArrayList<>();
    for (String part : text.split(",")) {
      FeedKey feed = JobOptions.named("feeds", () -> JobOptions.knownFeed(part.trim()));
      if (out.contains(feed)) {
        throw JobOptions.bad("feeds", "names " + feed + " twice");
      }
      out.add(feed);
    }
    return out;
  }

  private static Long boxed(OptionalLong n) {
    return n.isPresent() ? n.getAsLong() : null;
  }

  /** {@code --archive-url}: Binance feeds fetch past days from there first; without it, REST. */
  private static Optional<URI> archiveUrl(JobOptions o) {
    // checked (and a bad one named) by httpUrl; its fallback is never used here
    return o.get("archive-url")
        .map(given -> o.httpUrl("archive-url", ProviderSettings.ARCHIVE_URL));
  }

  /** A URI with a scheme and a path; errors are prefixed with {@code --table-uri}. */
  private static String tableUri(String text) {
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getScheme() == null
        || uri.getPath() == null
        || uri.getPath().isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a URI with a scheme (file:///..., s3a://bucket/...)");
    }
    return uri.toString();
  }
}
