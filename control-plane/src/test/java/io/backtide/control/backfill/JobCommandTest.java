package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.JobActivity;
import io.backtide.jobstore.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandTest {
  private static final String CLASSPATH =
      String.join(
          ":",
          "/m2/io/backtide/backtide-spark-jobs/0.1/backtide-spark-jobs-0.1.jar",
          "/m2/io/backtide/backtide-core/0.1/backtide-core-0.1.jar",
          "/m2/io/delta/delta-spark_2.13-4.0.1.jar",
          "/m2/io/delta/delta-storage-4.0.1.jar",
          "/m2/org/apache/spark/spark-core_2.13-4.0.1.jar",
          "/m2/org/postgresql/postgresql-42.7.14.jar");
  private static final LaunchSettings SETTINGS =
      new LaunchSettings(
          Path.of("/data"),
          Path.of("/data/logs"),
          "jdbc:postgresql://db/backtide",
          "u",
          "secret",
          "https://api.binance.com",
          "https://data.binance.vision",
          CLASSPATH,
          Path.of("/usr/bin/java"));
  private static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final BackfillJob JOB =
      job(UUID.fromString("00000000-0000-0000-0000-000000000001"));

  /** A pending job of a day of {@code binance/BTCUSDT/candle/1m}. */
  static BackfillJob job(UUID id) {
    return job(id, FEED, TimeRange.parse("2026-01-01", "2026-01-02"));
  }

  /** A pending job of {@code feed} over {@code range}, its first attempt. */
  static BackfillJob job(UUID id, FeedKey feed, TimeRange range) {
    return new BackfillJob(
        id,
        feed,
        range,
        range.start(),
        0,
        0,
        JobStatus.PENDING,
        Optional.empty(),
        false,
        1,
        Optional.empty(),
        Instant.EPOCH,
        Instant.EPOCH,
        JobActivity.NONE,
        false);
  }

  @Test
  void shortCandleJobsRunWithTheQuickJitOnlyAndLongOnesWithBothAndALaterC2() {
    JobCommand local = new JobCommand(SETTINGS, Optional.empty());
    FeedKey secondly = FeedKey.parse("binance/BTCUSDT/candle/1s");
    FeedKey ticks = FeedKey.parse("binance/BTCUSDT/tick/1s");
    TimeRange year = TimeRange.parse("2025-01-01", "2026-01-01");
    TimeRange month = TimeRange.parse("2025-04-01", "2025-05-01");
    TimeRange elevenDays = TimeRange.parse("2025-04-01", "2025-04-12");

    List<String> yearOf1m = local.build(job(UUID.randomUUID(), FEED, year), configured(FEED));
    List<String> monthOf1s =
        local.build(job(UUID.randomUUID(), secondly, month), configured(secondly));
    List<String> elevenDaysOf1s =
        local.build(job(UUID.randomUUID(), secondly, elevenDays), configured(secondly));
    List<String> dayOfTicks =
        local.build(
            job(UUID.randomUUID(), ticks, TimeRange.parse("2025-04-01", "2025-04-02")),
            configured(ticks));

    assertThat(yearOf1m)
        .as("525,600 candles")
        .containsSubsequence("-Xmx1152m", JobJit.C1_ONLY, "-cp");
    assertThat(elevenDaysOf1s).as("950,400 candles").contains(JobJit.C1_ONLY);
    assertThat(monthOf1s)
        .as("2,592,000 candles: both compilers, C2 later")
        .doesNotContain(JobJit.C1_ONLY)
        .containsSubsequence(JobJit.LATER_C2)
        .containsSubsequence(JobJit.LATER_C2.get(3), "-cp");
    assertThat(dayOfTicks)
        .as("trades, not candles")
        .doesNotContain(JobJit.C1_ONLY)
        .containsSubsequence(JobJit.LATER_C2);
    assertThat(yearOf1m).as("C1 only: no C2 thresholds").doesNotContain(JobJit.LATER_C2.get(0));
    assertThat(new JobCommand(SETTINGS, Optional.of("spark://m:7077")).build(JOB, configured(FEED)))
        .as("the driver JVM through SparkSubmit too")
        .containsSubsequence(JobJit.C1_ONLY, JobCommand.SPARK_SUBMIT);
  }

  private static ConfiguredFeed configured(FeedKey feed) {
    return new ConfiguredFeed(feed, Map.of());
  }

  @Test
  void localModeRunsTheAppInAChildJvmWithoutSecretsOnTheCommandLine() {
    List<String> cmd =
        new JobCommand(SETTINGS, Optional.empty()).build(JOB, new ConfiguredFeed(FEED, Map.of()));
    assertThat(cmd.get(0)).isEqualTo("/usr/bin/java");
    assertThat(cmd).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", CLASSPATH);
    assertThat(cmd).containsSubsequence(LaunchSettings.MAIN_CLASS, "--job-id", JOB.id().toString());
    assertThat(cmd)
        .as("the job row says which feed and range")
        .doesNotContain("--feed", "--start", "--end");
    assertThat(cmd).doesNotContain(JobCommand.SPARK_SUBMIT, "--batch-rows");
    assertThat(cmd).noneMatch(a -> a.contains("secret"));
  }

  @Test
  void theDatabaseLoginTravelsInTheEnvironmentNeverOnTheCommandLine() {
    LaunchSettings withSecrets =
        new LaunchSettings(
            SETTINGS.dataDir(),
            SETTINGS.logDir(),
            "jdbc:postgresql://db/backtide?user=u&password=url-secret",
            "u",
            "env-secret",
            "https://user:provider-secret@proxy.example",
            SETTINGS.binanceArchiveUrl(),
            CLASSPATH,
            SETTINGS.javaBin());
    JobCommand command = new JobCommand(withSecrets, Optional.empty());
    ConfiguredFeed feed = new ConfiguredFeed(FEED, Map.of());

    List<String> cmd = command.build(JOB, feed);

    assertThat(cmd).doesNotContain("--db-url", "--provider-url");
    assertThat(cmd).noneMatch(a -> a.contains("secret"));
    assertThat(command.secretEnvironment(feed))
        .containsEntry("DB_URL", "jdbc:postgresql://db/backtide?user=u&password=url-secret")
        .containsEntry("DB_USER", "u")
        .containsEntry("DB_PASSWORD", "env-secret")
        .containsEntry("PROVIDER_URL", "https://user:provider-secret@proxy.example");
  }

  @Test
  void aProviderUrlWithoutCredentialsStaysOnTheCommandLine() {
    JobCommand command = new JobCommand(SETTINGS, Optional.empty());
    ConfiguredFeed feed = new ConfiguredFeed(FEED, Map.of());
    assertThat(command.build(JOB, feed))
        .containsSubsequence("--provider-url", "https://api.binance.com");
    assertThat(command.secretEnvironment(feed)).doesNotContainKey("PROVIDER_URL");
  }

  @Test
  void printableMasksPasswordsAndKeys() {
    String shown =
        JobCommand.printable(
            List.of(
                "java",
                "-cp",
                CLASSPATH,
                "x",
                "--provider-url",
                "https://u:p4ss@h/api?apiKey=k3y&a=1"));
    assertThat(shown)
        .isEqualTo(
            "java -cp <6 classpath entries> x --provider-url https://u:****@h/api?apiKey=****&a=1");
  }

  @Test
  void sparkFlagsAreTheRootPomsOneList() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher property = Pattern.compile("<spark.jvm.opens>(.*)</spark.jvm.opens>").matcher(pom);
    assertThat(property.find()).as("the root pom defines spark.jvm.opens").isTrue();
    assertThat(JobCommand.SPARK_JVM_OPTIONS)
        .containsExactly(property.group(1).trim().split("\\s+"))
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
  }

  @Test
  void feedOptionsReachTheJob() {
    ConfiguredFeed feed =
        new ConfiguredFeed(
            FEED, Map.of("page_size", "500", "batch_rows", "10080", "max_outage", "5m"));
    List<String> cmd = new JobCommand(SETTINGS, Optional.empty()).build(JOB, feed);
    assertThat(cmd)
        .containsSubsequence("--page-size", "500")
        .containsSubsequence("--batch-rows", "10080")
        .containsSubsequence("--max-outage", "5m");
  }

  @Test
  void aMaxOutageThatIsNoDurationIsRejectedWhenTheFeedsAreRead() {
    assertThatThrownBy(() -> new ConfiguredFeed(FEED, Map.of("max_outage", "a while")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "feed "
                + FEED
                + ": max_outage 'a while' is not a duration like 90s, 15m, 2h, 600 (seconds) or"
                + " PT15M");
  }

  @Test
  void jobJvmsGetHugePagesExactlyWhenThisMachineOffersThem() {
    List<String> cmd = new JobCommand(SETTINGS, Optional.empty()).build(JOB, configured(FEED));
    List<String> expected = JobHugePages.options(JobHugePages.SETTING);
    assertThat(cmd.contains("-XX:+UseTransparentHugePages")).isEqualTo(!expected.isEmpty());
    assertThat(cmd.indexOf(LaunchSettings.MAIN_CLASS))
        .isGreaterThan(cmd.indexOf("-Dbacktide.job.id=" + JOB.id()));
  }

  @Test
  void jobHeapIsSizedFromTheBatchBoundUnlessTheFeedSetsIt() {
    JobCommand command = new JobCommand(SETTINGS, Optional.empty());

    assertThat(command.build(JOB, new ConfiguredFeed(FEED, Map.of())))
        .as("the job's default batch of 86,400 rows: 768 MiB + 86,400 x 4 KiB, to 64 MiB")
        .contains("-Xmx1152m", "-XX:NewSize=576m");
    assertThat(command.build(JOB, new ConfiguredFeed(FEED, Map.of("batch_rows", "1440"))))
        .contains("-Xmx832m", "-XX:NewSize=416m");
    assertThat(command.build(JOB, new ConfiguredFeed(FEED, Map.of("job_heap", "3g"))))
        .as("at least half of the heap young, in MiB")
        .contains("-Xmx3g", "-XX:NewSize=1536m")
        .filteredOn(a -> a.startsWith("-Xmx"))
        .hasSize(1);
    assertThat(command.build(JOB, new ConfiguredFeed(FEED, Map.of("job_heap", "1537M"))))
        .contains("-Xmx1537M", "-XX:NewSize=768m");
    assertThat(command.build(JOB, new ConfiguredFeed(FEED, Map.of())))
        .as("a JVM option, before the main class")
        .containsSubsequence("-Xmx1152m", LaunchSettings.MAIN_CLASS);
  }

  @Test
  void badJobHeapOptionNamesTheFeedAndTheForm() {
    assertThatThrownBy(() -> new ConfiguredFeed(FEED, Map.of("job_heap", "lots")))
        .hasMessage(
            "feed binance/BTCUSDT/candle/1m: job_heap 'lots' is not a heap size like 1536m or 2g"
                + " (megabytes or gigabytes)");
  }

  @Test
  void binanceJobsGetTheArchiveAndTheRestUrlUnlessTheFeedSaysOtherwise() {
    List<String> plain =
        new JobCommand(SETTINGS, Optional.empty()).build(JOB, new ConfiguredFeed(FEED, Map.of()));
    ConfiguredFeed own =
        new ConfiguredFeed(FEED, Map.of("archive_url", "http://mirror.example/binance"));
    ConfiguredFeed off = new ConfiguredFeed(FEED, Map.of("archive", "false"));

    assertThat(plain)
        .containsSubsequence("--provider-url", "https://api.binance.com")
        .containsSubsequence("--archive-url", "https://data.binance.vision");
    assertThat(new JobCommand(SETTINGS, Optional.empty()).build(JOB, own))
        .containsSubsequence("--archive-url", "http://mirror.example/binance");
    assertThat(new JobCommand(SETTINGS, Optional.empty()).build(JOB, off))
        .containsSubsequence("--archive", "false")
        .doesNotContain("--archive-url");
  }

  @Test
  void aFuturesFeedWithoutItsOwnUrlLeavesTheRestUrlToTheJob() {
    FeedKey um = FeedKey.parse("binance-um/BTCUSDT/candle/1m");
    List<String> cmd =
        new JobCommand(SETTINGS, Optional.empty()).build(JOB, new ConfiguredFeed(um, Map.of()));
    assertThat(cmd).doesNotContain("--provider-url", "https://api.binance.com");
  }

  @Test
  void aFeedsFileNamingAFeedNoProviderServesIsRefusedSayingWhy(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("feeds.json");
    Files.writeString(
        file,
        "{\"feeds\": [{\"feed\": \"binance/BTCUSDT/candle/1s\"},"
            + " {\"feed\": \"binance-um/BTCUSDT/candle/1s\"}]}");

    assertThatThrownBy(() -> FeedCatalog.load(file, new ObjectMapper()))
        .hasMessage(
            "feeds file "
                + file
                + ": feed binance-um/BTCUSDT/candle/1s: binance-um has no 1s candles; it serves"
                + " 1m, 5m, 15m, 1h, 1d");
    Files.writeString(file, "{\"feeds\": [{\"feed\": \"kraken/BTCUSDT/candle/1m\"}]}");
    assertThatThrownBy(() -> FeedCatalog.load(file, new ObjectMapper()))
        .hasMessage(
            "feeds file "
                + file
                + ": unknown provider 'kraken': expected one of binance, binance-um, sim");
  }

  @Test
  void badArchiveOptionNamesTheFeed() {
    assertThatThrownBy(() -> new ConfiguredFeed(FEED, Map.of("archive", "no")))
        .hasMessage("feed binance/BTCUSDT/candle/1m: archive 'no' is not true or false");
  }

  @Test
  void badBatchRowsOptionNamesTheFeedAndTheRange() {
    assertThatThrownBy(() -> new ConfiguredFeed(FEED, Map.of("batch_rows", "0")))
        .hasMessage(
            "feed binance/BTCUSDT/candle/1m: batch_rows '0' is not an integer in 1..100000000");
  }

  @Test
  void clusterModeShipsTheJobJarAndOurModulesButNotSparkItself() {
    List<String> args =
        new JobCommand(SETTINGS, Optional.of("spark://10.0.0.5:7077")).submitArguments(JOB);
    assertThat(args)
        .containsSubsequence("--master", "spark://10.0.0.5:7077", "--deploy-mode", "client")
        .containsSubsequence("--class", LaunchSettings.MAIN_CLASS);
    String jars = args.get(args.indexOf("--jars") + 1);
    assertThat(jars.split(","))
        .containsExactly(
            "/m2/io/backtide/backtide-core/0.1/backtide-core-0.1.jar",
            "/m2/io/delta/delta-spark_2.13-4.0.1.jar",
            "/m2/io/delta/delta-storage-4.0.1.jar");
    assertThat(args.get(args.size() - 1))
        .as("the application jar comes last, after the options")
        .isEqualTo("/m2/io/backtide/backtide-spark-jobs/0.1/backtide-spark-jobs-0.1.jar");
  }

  @Test
  void clusterModeOnClassFoldersFallsBackToTheDriverClasspath() {
    LaunchSettings folders =
        new LaunchSettings(
            SETTINGS.dataDir(),
            SETTINGS.logDir(),
            SETTINGS.dbUrl(),
            "",
            "",
            SETTINGS.binanceBaseUrl(),
            SETTINGS.binanceArchiveUrl(),
            "/repo/spark-jobs/target/classes:/m2/spark-core.jar",
            SETTINGS.javaBin());
    List<String> args = new JobCommand(folders, Optional.of("local[2]")).submitArguments(JOB);
    assertThat(args).doesNotContain("--jars");
    assertThat(args.get(args.size() - 1)).isEqualTo("spark-internal");
  }
}
