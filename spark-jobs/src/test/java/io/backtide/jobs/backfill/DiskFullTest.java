package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.DataRoot;
import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.provider.binance.BinanceSource;
import io.backtide.jobs.publish.Publisher;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.SmallTmpfs;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobs.testing.TestSpark;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobStatus;
import io.backtide.jobstore.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data folder on a small tmpfs that a job fills: an honest message and no unlisted files. */
class DiskFullTest {
  static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  static final Instant DAY1 = Instant.parse("2026-01-01T00:00:00Z");
  static final Pattern NO_SPACE =
      Pattern.compile("no space left on device: (-?\\d+) bytes free under (\\S+);");

  static SparkSession spark;
  static TestDatabase db;
  static BackfillJobRepository jobs;

  @BeforeAll
  static void startSpark(@TempDir Path warehouse) {
    spark = TestSpark.local("disk-full", warehouse);
    db = TestDatabase.create();
    jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
    db.close();
  }

  @Test
  void publisherThatRunsOutOfSpaceRemovesTheDaysItAddedAndKeepsTheIndex(@TempDir Path tmp)
      throws Exception {
    try (SmallTmpfs disk = SmallTmpfs.mount(tmp.resolve("data"), 256 * 1024)) {
      Publisher publisher = new Publisher(disk.dir(), Clock.systemUTC());
      List<IndexEntry> first = publisher.publish(FEED, 1, days(1));
      Path index = DataRoot.of(disk.dir()).feedIndex(FEED);
      String indexBefore = Files.readString(index);

      assertThatThrownBy(() -> publisher.publish(FEED, 2, days(12)))
          .hasMessageContaining("cannot publish " + FEED)
          .satisfies(e -> assertThat(BackfillErrors.noSpaceLeft(e)).isTrue());

      assertThat(Files.readString(index)).as("the index is untouched").isEqualTo(indexBefore);
      assertThat(parquetFiles(disk.dir()))
          .as("only the files the index lists")
          .isEqualTo(listed(index))
          .containsExactly(first.get(0).path());
      assertThat(tempFiles(disk.dir())).isEmpty();
    }
  }

  @Test
  void jobThatFillsTheDiskSaysSoInItsRowAndLeavesNoUnlistedFile(@TempDir Path tmp)
      throws Exception {
    try (SmallTmpfs disk = SmallTmpfs.mount(tmp.resolve("data"), 768 * 1024);
        FakeBinance fake = FakeBinance.start()) {
      Instant end = DAY1.plus(Duration.ofDays(30));
      fake.candles("BTCUSDT", "1m", TestCandles.range(DAY1, end, Granularity.M1, 0));
      BackfillJob job = jobs.create(FEED, new TimeRange(DAY1, end));

      Outcome outcome =
          new Backfill(
                  spark,
                  disk.dir(),
                  jobs,
                  new BinanceSource(providers(fake)),
                  RunSettings.defaults(),
                  Clock.systemUTC())
              .run(job.id());

      assertThat(outcome).isEqualTo(Outcome.FAILED);
      BackfillJob row = jobs.findById(job.id()).orElseThrow();
      assertThat(row.status()).isEqualTo(JobStatus.FAILED);
      Matcher m = NO_SPACE.matcher(row.error().orElse(""));
      assertThat(m.find()).as("job row error: %s", row.error()).isTrue();
      assertThat(Long.parseLong(m.group(1))).isBetween(0L, 768L * 1024);
      assertThat(m.group(2)).isEqualTo(disk.dir().toString());
      Path index = DataRoot.of(disk.dir()).feedIndex(FEED);
      assertThat(parquetFiles(disk.dir()))
          .as("published files the index does not list")
          .isEqualTo(Files.exists(index) ? listed(index) : Set.of());
      assertThat(tempFiles(disk.dir())).isEmpty();
    }
  }

  private static Map<LocalDate, List<SourceRow>> days(int count) {
    Map<LocalDate, List<SourceRow>> days = new LinkedHashMap<>();
    for (int d = 0; d < count; d++) {
      Instant start = DAY1.plus(Duration.ofDays(d));
      days.put(
          LocalDate.ofInstant(start, ZoneOffset.UTC),
          TestCandles.range(start, start.plus(Duration.ofDays(1)), Granularity.M1, d).stream()
              .map(SourceRow::of)
              .toList());
    }
    return days;
  }

  private static Set<String> listed(Path index) {
    return IndexFile.read(index).files().stream().map(IndexEntry::path).collect(Collectors.toSet());
  }

  private static Set<String> parquetFiles(Path dataDir) throws IOException {
    Path published = dataDir.resolve("published");
    if (!Files.isDirectory(published)) {
      return Set.of();
    }
    try (Stream<Path> all = Files.walk(published)) {
      return all.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .map(p -> published.relativize(p).toString())
          .collect(Collectors.toSet());
    }
  }

  private static List<Path> tempFiles(Path dataDir) throws IOException {
    Path published = dataDir.resolve("published");
    if (!Files.isDirectory(published)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(published)) {
      return all.filter(p -> p.getFileName().toString().contains(".tmp")).toList();
    }
  }

  private static ProviderSettings providers(FakeBinance fake) {
    return ProviderSettings.defaults(Clock.systemUTC())
        .withBinanceUrl(fake.url())
        .withRetry(
            new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2)));
  }
}
