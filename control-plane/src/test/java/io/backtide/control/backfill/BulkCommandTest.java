package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BulkJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BulkCommandTest {
  private static final String APP_JAR =
      "/m2/io/backtide/backtide-spark-jobs/0.1/backtide-spark-jobs-0.1.jar";
  private static final LaunchSettings SETTINGS =
      new LaunchSettings(
          Path.of("/data"),
          Path.of("/data/logs"),
          "jdbc:postgresql://db/backtide",
          "u",
          "secret",
          "https://api.binance.com",
          "https://data.binance.vision",
          APP_JAR + ":/m2/io/backtide/backtide-core/0.1/backtide-core-0.1.jar",
          Path.of("/usr/bin/java"));
  private static final FeedKey BTC = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final FeedKey ETH = FeedKey.parse("binance/ETHUSDT/candle/1m");
  private static final FeedKey SIM = FeedKey.parse("sim/BTCUSDT/candle/1s");
  private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000002");
  private static final BackfillJob JOB =
      JobCommandTest.job(ID, BTC, TimeRange.parse("2025-01-01", "2026-01-01"));
  private static final BulkJob BULK = new BulkJob(ID, List.of(BTC, ETH, SIM), 7, 4);

  private static List<ConfiguredFeed> feeds(Map<String, String> ethOptions) {
    return List.of(
        new ConfiguredFeed(BTC, Map.of("page_size", "1000")),
        new ConfiguredFeed(ETH, ethOptions),
        new ConfiguredFeed(SIM, Map.of("job_heap", "1536m")));
  }

  private static BulkCommand command(Optional<String> master) {
    return new BulkCommand(SETTINGS, new JobCommand(SETTINGS, master));
  }

  @Test
  void localModeRunsBulkBackfillAppWithTheBulkRowsFeedsAndSettings() {
    List<String> cmd =
        command(Optional.empty()).build(JOB, BULK, feeds(Map.of("page_size", "500")));

    assertThat(cmd.get(0)).isEqualTo("/usr/bin/java");
    assertThat(cmd).contains("-Xmx1536m", "-Dbacktide.job.id=" + ID);
    assertThat(cmd.subList(cmd.indexOf(BulkCommand.MAIN_CLASS) + 1, cmd.size()))
        .containsExactly(
            "--job-id", ID.toString(),
            "--data-dir", "/data",
            "--feeds", BTC + "," + ETH + "," + SIM,
            "--chunk-days", "7",
            "--wave-chunks", "4",
            "--page-size", "500",
            "--provider-url", "https://api.binance.com",
            "--archive-url", "https://data.binance.vision");
    assertThat(String.join(" ", cmd)).doesNotContain("secret");
  }

  @Test
  void clusterModeSubmitsBulkBackfillAppToTheMaster() {
    List<String> cmd =
        command(Optional.of("spark://10.0.0.5:7077")).build(JOB, BULK, feeds(Map.of()));

    assertThat(cmd)
        .containsSubsequence(JobCommand.SPARK_SUBMIT, "--master", "spark://10.0.0.5:7077")
        .containsSubsequence("--name", "backtide-bulk-backfill-" + ID)
        .containsSubsequence("--class", BulkCommand.MAIN_CLASS)
        .containsSubsequence(APP_JAR, "--job-id", ID.toString());
  }

  @Test
  void aTableUriReachesTheJobAsItsTableUriArgument() {
    LaunchSettings onS3 =
        new LaunchSettings(
            SETTINGS.dataDir(),
            SETTINGS.logDir(),
            SETTINGS.dbUrl(),
            SETTINGS.dbUser(),
            SETTINGS.dbPassword(),
            SETTINGS.binanceBaseUrl(),
            SETTINGS.binanceArchiveUrl(),
            SETTINGS.classpath(),
            SETTINGS.javaBin(),
            Optional.of("s3a://bucket/backtide/candles"));

    for (Optional<String> master :
        List.of(Optional.<String>empty(), Optional.of("spark://m:7077"))) {
      List<String> cmd =
          new BulkCommand(onS3, new JobCommand(onS3, master)).build(JOB, BULK, feeds(Map.of()));
      assertThat(cmd)
          .as("master %s", master)
          .containsSubsequence("--job-id", ID.toString())
          .containsSubsequence("--table-uri", "s3a://bucket/backtide/candles");
    }
    assertThat(command(Optional.empty()).build(JOB, BULK, feeds(Map.of())))
        .doesNotContain("--table-uri");
  }

  @Test
  void aProviderUrlWithCredentialsTravelsInTheEnvironmentOnly() {
    String secretUrl = "https://user:pw@binance.example";
    List<ConfiguredFeed> feeds =
        List.of(
            new ConfiguredFeed(BTC, Map.of("provider_url", secretUrl)),
            new ConfiguredFeed(ETH, Map.of("provider_url", secretUrl)));

    List<String> cmd = command(Optional.empty()).build(JOB, BULK, feeds);
    Map<String, String> env = command(Optional.empty()).secretEnvironment(feeds);

    assertThat(String.join(" ", cmd)).doesNotContain("pw@").doesNotContain("--provider-url");
    assertThat(env).containsEntry("PROVIDER_URL", secretUrl).containsEntry("DB_PASSWORD", "secret");
  }

  @Test
  void feedsWithDifferentProviderUrlsCannotShareOneBulkJobButSimNeedsNone() {
    assertThatThrownBy(
            () ->
                BulkCommand.providerUrl(
                    feeds(Map.of("provider_url", "https://other.example")),
                    "https://api.binance.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must share one provider URL")
        .hasMessageContaining("https://other.example");
    assertThat(BulkCommand.providerUrl(List.of(new ConfiguredFeed(SIM, Map.of())), "x")).isEmpty();
  }

  @Test
  void theFeedsShareOneArchiveOrNoneAndSimNeedsNone() {
    List<ConfiguredFeed> mirror =
        List.of(
            new ConfiguredFeed(BTC, Map.of("archive_url", "http://mirror.example/b")),
            new ConfiguredFeed(ETH, Map.of("archive_url", "http://mirror.example/b")),
            new ConfiguredFeed(SIM, Map.of()));
    List<ConfiguredFeed> off =
        List.of(
            new ConfiguredFeed(BTC, Map.of("archive", "false")),
            new ConfiguredFeed(ETH, Map.of("archive", "false")));

    assertThat(command(Optional.empty()).build(JOB, BULK, mirror))
        .containsSubsequence("--archive-url", "http://mirror.example/b");
    assertThat(command(Optional.empty()).build(JOB, BULK, off))
        .as("archive: false: REST only")
        .doesNotContain("--archive-url");
    assertThatThrownBy(() -> BulkCommand.archiveUrl(feeds(Map.of("archive", "false")), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must share one archive setting")
        .hasMessageContaining("archive: false");
    assertThat(BulkCommand.archiveUrl(List.of(new ConfiguredFeed(SIM, Map.of())), "x")).isEmpty();
  }

  @Test
  void theHeapIsTheLargestJobHeapOfTheFeedsElseTwoGigabytes() {
    assertThat(BulkCommand.heap(feeds(Map.of("job_heap", "3g")))).isEqualTo("3g");
    assertThat(BulkCommand.heap(feeds(Map.of()))).isEqualTo("1536m");
    assertThat(BulkCommand.heap(List.of(new ConfiguredFeed(BTC, Map.of())))).isEqualTo("2g");
  }
}
