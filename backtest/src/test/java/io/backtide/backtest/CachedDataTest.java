package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.backtest.internal.CacheCheck;
import io.backtide.backtest.internal.CacheLayout;
import io.backtide.backtest.internal.CacheManifest;
import io.backtide.backtest.internal.CoordinatorHttp;
import io.backtide.backtest.internal.DayDownloads;
import io.backtide.backtest.internal.VerifiedStamps;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.Sha256;
import io.backtide.core.TimeRange;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline cache as the runner sees it: files checked against the pull manifest before reading
 * (empty, truncated, changed, unverified), missing days, unreadable files and the fingerprint.
 */
class CachedDataTest {

  static final FeedKey FEED = FeedKey.parse("sim/CACHED/candle/1m");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final LocalDate T0_DAY = LocalDate.parse("2026-01-01");
  static final LocalDate DAY2 = LocalDate.parse("2026-01-02");

  @TempDir static Path dir;
  static SparkSession spark;
  static Map<LocalDate, Path> published;
  static FakeCoordinator coordinator;

  @BeforeAll
  static void publishFourDays() throws IOException {
    spark = TestSpark.start(dir);
    List<Bar> bars = new ArrayList<>();
    for (int d = 0; d < 4; d++) {
      Instant day = T0.plus(Duration.ofDays(d));
      bars.addAll(DayFiles.series(day, Duration.ofMinutes(1), 10 + d, 11, 10 - d, 12));
    }
    published = DayFiles.write(spark, dir.resolve("published"), FEED, bars);
    coordinator = new FakeCoordinator().putAll(dir.resolve("published"), published);
  }

  @AfterAll
  static void stop() {
    coordinator.close();
    spark.stop();
  }

  /** A fresh cache holding the first three days, pulled (so with a manifest). */
  static Path pulled(String name) {
    Path cache = dir.resolve(name);
    new BacktestClient(coordinator.uri(), cache).pull(FEED, "2026-01-01", "2026-01-04");
    return cache;
  }

  static BacktestRunnerBuilder runner(Path cache) {
    return BacktestRunner.builder(RecordingTracker.up())
        .feed(FEED)
        .window(1)
        .cacheDir(cache)
        .spark(spark);
  }

  static BacktestResult run(Path cache) {
    return runner(cache).build().run("2026-01-01", "2026-01-04");
  }

  /**
   * Changes one byte in the middle of {@code file} and sets its mtime back, as a sly edit would.
   */
  static Path flipAByteKeepingItsMtime(Path file) throws IOException {
    FileTime mtime = Files.getLastModifiedTime(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, mtime);
    return file;
  }

  static Path day(Path cache, LocalDate date) {
    return cache.resolve(FEED.path()).resolve(date + ".parquet");
  }

  static String fix(LocalDate date) {
    return ", so the backtest would not read what was pulled: pull that day again with"
        + " BacktestClient.refresh(sim/CACHED/candle/1m, \""
        + date
        + "\", \""
        + date.plusDays(1)
        + "\"), or delete the file and run with coordinator(...) set";
  }

  @Test
  void pullRecordsEachDayAsTheIndexListsItInTheManifest() throws IOException {
    Path cache = pulled("manifest");

    JsonNode manifest =
        new ObjectMapper().readTree(cache.resolve("_manifests/sim/CACHED/candle/1m.json").toFile());

    assertThat(manifest.get("generated_at").asText()).endsWith("Z");
    assertThat(manifest.get("files")).hasSize(3);
    JsonNode second = manifest.get("files").get(1);
    Path file = day(cache, DAY2);
    assertThat(second.get("date").asText()).isEqualTo("2026-01-02");
    assertThat(second.get("sha256").asText()).isEqualTo(Sha256.of(file));
    assertThat(second.get("size_bytes").asLong()).isEqualTo(Files.size(file));
    // the fake coordinator's index says records 3, first_ts "x", last_ts "y", table_version 1
    assertThat(second.get("records").asLong()).isEqualTo(3);
    assertThat(second.get("first_ts").asText()).isEqualTo("x");
    assertThat(second.get("last_ts").asText()).isEqualTo("y");
    assertThat(second.get("table_version").asLong()).isEqualTo(1);
  }

  @Test
  void anEmptyCachedFileFailsTheRunNamingItAndTheFix() throws IOException {
    Path cache = pulled("empty");
    Path file = day(cache, DAY2);
    long size = Files.size(file);
    Files.write(file, new byte[0]);

    assertThatThrownBy(() -> run(cache))
        .isInstanceOf(BacktestException.class)
        .hasMessage(
            "the cached file "
                + file
                + " is empty (0 bytes; it was pulled with "
                + size
                + " bytes)"
                + fix(DAY2));
  }

  @Test
  void anEmptyFileNotInTheManifestFailsToo() throws IOException {
    Path cache = pulled("empty-unlisted");
    Path file = day(cache, LocalDate.parse("2026-01-04"));
    Files.write(file, new byte[0]);

    assertThatThrownBy(() -> runner(cache).build().run("2026-01-01", "2026-01-05"))
        .isInstanceOf(BacktestException.class)
        .hasMessageStartingWith("the cached file " + file + " is empty (0 bytes)" + fix(file(4)));
  }

  @Test
  void aTruncatedCachedFileFailsTheRun() throws IOException {
    Path cache = pulled("truncated");
    Path file = day(cache, DAY2);
    long size = Files.size(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size / 2);
    }

    assertThatThrownBy(() -> run(cache))
        .isInstanceOf(BacktestException.class)
        .hasMessage(
            "the cached file "
                + file
                + " is truncated ("
                + size / 2
                + " bytes; it was pulled with "
                + size
                + " bytes)"
                + fix(DAY2));
  }

  @Test
  void aFlippedByteFailsTheRunInsteadOfChangingTheMetrics() throws IOException {
    Path cache = pulled("flipped");
    Path file = day(cache, DAY2);
    String pulledSha = Sha256.of(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);

    assertThatThrownBy(() -> run(cache))
        .isInstanceOf(BacktestException.class)
        .hasMessage(
            "the cached file "
                + file
                + " has changed since it was pulled (sha256 "
                + Sha256.of(file)
                + ", pulled as "
                + pulledSha
                + ")"
                + fix(DAY2));

    BacktestResult healed =
        runner(cache).coordinator(coordinator.uri()).build().run("2026-01-01", "2026-01-04");
    assertThat(Sha256.of(file))
        .as("a run with a coordinator pulls the day again")
        .isEqualTo(pulledSha);
    assertThat(healed.candles()).isEqualTo(12);
  }

  @Test
  void aFileUnchangedSinceItsVerifiedHashIsNotHashedAgainButAWriteWithItsMtimeSetBackIsCaught()
      throws Exception {
    Path cache = pulled("stamps");
    CacheLayout layout = new CacheLayout(cache);
    List<LocalDate> days = List.of(T0_DAY, DAY2, DAY2.plusDays(1));
    List<String> shas = List.of(Sha256.of(day(cache, T0_DAY)), Sha256.of(day(cache, DAY2)));

    CacheCheck.Result fresh = CacheCheck.check(layout, FEED, days);
    Thread.sleep(VerifiedStamps.SETTLE.toMillis() + 100); // let the files' ctime settle
    CacheCheck.Result settled = CacheCheck.check(layout, FEED, days);
    CacheCheck.Result again = CacheCheck.check(layout, FEED, days);

    assertThat(fresh.hashed()).as("files written just now are hashed, no stamp kept").isEqualTo(3);
    assertThat(settled.hashed()).as("hashed again, and now their stamps are kept").isEqualTo(3);
    assertThat(again.hashed()).as("unchanged since a verified hash: not hashed").isZero();
    assertThat(again.files().subList(0, 2)).extracting(DataFile::sha256).isEqualTo(shas);
    assertThat(again.files()).isEqualTo(settled.files());

    Path file = flipAByteKeepingItsMtime(day(cache, DAY2));

    assertThatThrownBy(() -> CacheCheck.check(layout, FEED, days))
        .isInstanceOf(BacktestException.class)
        .hasMessageContaining(file + " has changed since it was pulled (sha256 " + Sha256.of(file));
  }

  @Test
  void aPullComparesADayUnchangedSinceItsVerifiedHashWithoutReadingItAndStillHealsAChangedOne()
      throws Exception {
    Path cache = dir.resolve("pull-stamps");
    CacheLayout layout = new CacheLayout(cache);
    CoordinatorHttp http = new CoordinatorHttp(coordinator.uri(), HttpClient.newHttpClient());
    TimeRange range = TimeRange.parse("2026-01-01", "2026-01-04");
    List<IndexEntry> entries = http.index(FEED, Optional.of(range)).files();
    assertThat(entries).hasSize(3);

    DayDownloads.Outcome first = DayDownloads.sync(http, layout, FEED, entries, false, 2);
    DayDownloads.Outcome fresh = DayDownloads.sync(http, layout, FEED, entries, false, 2);
    Thread.sleep(VerifiedStamps.SETTLE.toMillis() + 100); // let the files' ctime settle
    DayDownloads.Outcome settled = DayDownloads.sync(http, layout, FEED, entries, false, 2);
    DayDownloads.Outcome again = DayDownloads.sync(http, layout, FEED, entries, false, 2);

    assertThat(first).isEqualTo(new DayDownloads.Outcome(3, 0));
    assertThat(fresh)
        .as("files written just now are hashed, no stamp kept")
        .isEqualTo(new DayDownloads.Outcome(0, 3));
    assertThat(settled)
        .as("hashed again, now their stamps are kept")
        .isEqualTo(new DayDownloads.Outcome(0, 3));
    assertThat(again)
        .as("unchanged since a verified hash: not read")
        .isEqualTo(new DayDownloads.Outcome(0, 0));
    CacheManifest.record(layout, FEED, entries); // as BacktestClient.pull does after the days
    assertThat(CacheCheck.check(layout, FEED, List.of(T0_DAY, DAY2, DAY2.plusDays(1))).hashed())
        .as("the runner trusts the stamps the pull recorded")
        .isZero();

    Path file = flipAByteKeepingItsMtime(day(cache, DAY2));

    DayDownloads.Outcome healed = DayDownloads.sync(http, layout, FEED, entries, false, 2);

    assertThat(healed)
        .as("the changed day is hashed and downloaded again")
        .isEqualTo(new DayDownloads.Outcome(1, 1));
    assertThat(Sha256.of(file)).isEqualTo(Sha256.of(published.get(DAY2)));
    assertThat(DayDownloads.sync(http, layout, FEED, entries, true, 2))
        .as("refresh downloads every day")
        .isEqualTo(new DayDownloads.Outcome(3, 0));
  }

  @Test
  void aMissingMiddleDayFailsUnlessAllowedAndIsThenListed() throws IOException {
    Path cache = pulled("missing");
    Files.delete(day(cache, DAY2));

    assertThatThrownBy(() -> run(cache))
        .isInstanceOf(BacktestException.class)
        .hasMessage(
            "the cache has no file for 1 day(s) of sim/CACHED/candle/1m in"
                + " [2026-01-01T00:00:00Z, 2026-01-04T00:00:00Z): 2026-01-02 (under "
                + cache.toAbsolutePath().normalize()
                + "); pull them first (BacktestClient.pull(...), or set coordinator(...) on the"
                + " runner), or call allowMissingDays() on the runner's builder to run without"
                + " them");

    BacktestResult result =
        runner(cache).allowMissingDays().build().run("2026-01-01", "2026-01-04");

    assertThat(result.missingDays()).containsExactly(DAY2);
    assertThat(result.candles()).isEqualTo(8);
    assertThat(result.dataVersion()).extracting(DataFile::date).doesNotContain(DAY2).hasSize(2);
    assertThat(result.summary())
        .contains("data             8 candles from 2 day file(s) 2026-01-01 .. 2026-01-03")
        .contains("missing_days     1: 2026-01-02");
    assertThat(result.toHtml()).contains("<tr><td>missing_days</td><td>1: 2026-01-02</td></tr>");
    assertThat(result.unverifiedFiles()).isEmpty();
  }

  @Test
  void aFileCopiedInByHandIsReadButReportedAsUnverified() throws IOException {
    Path cache = pulled("by-hand");
    Path copied = day(cache, file(4));
    Files.copy(published.get(file(4)), copied);

    BacktestResult result = runner(cache).build().run("2026-01-01", "2026-01-05");

    assertThat(result.candles()).isEqualTo(16);
    assertThat(result.unverifiedFiles())
        .singleElement()
        .satisfies(f -> assertThat(f.path()).isEqualTo(copied))
        .satisfies(f -> assertThat(f.sha256()).isEqualTo(Sha256.of(copied)));
    assertThat(result.summary())
        .contains("unverified       1: 2026-01-04 (not in the pull manifest)");
    assertThat(result.toHtml())
        .contains("<tr><td>unverified</td><td>1: 2026-01-04 (not in the pull manifest)</td></tr>");
  }

  @Test
  void sameBytesAndSettingsGiveTheSameFingerprintAndMetrics() {
    Path cache = pulled("fingerprint");

    BacktestResult first = run(cache);
    BacktestResult second = run(cache);
    BacktestResult otherWindow = runner(cache).window(2).build().run("2026-01-01", "2026-01-04");
    BacktestResult otherRange = runner(cache).build().run("2026-01-01", "2026-01-03");

    assertThat(first.fingerprint()).matches("[0-9a-f]{64}").isEqualTo(second.fingerprint());
    assertThat(second.metrics()).isEqualTo(first.metrics());
    assertThat(otherWindow.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(otherRange.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(first.summary()).contains("fingerprint      " + first.fingerprint());
    assertThat(first.toHtml())
        .contains("<tr><td>fingerprint</td><td>" + first.fingerprint() + "</td></tr>");
  }

  @Test
  void aFileSparkCannotReadIsABacktestExceptionNamingItAndTheFix() throws IOException {
    Path cache = pulled("unreadable");
    Path copied = day(cache, file(4));
    Files.write(copied, "this is not parquet, only some bytes".getBytes());

    BacktestRunner runner = runner(cache).build();

    assertThatThrownBy(() -> runner.run("2026-01-01", "2026-01-05"))
        .isInstanceOf(BacktestException.class)
        .hasMessageStartingWith("Spark could not read the cached file " + copied + ": ")
        .hasMessageEndingWith(
            "; delete it and pull again (BacktestClient.refresh(...), or run with"
                + " coordinator(...) set)");
    assertThat(copied).exists();
  }

  static LocalDate file(int dayOfJanuary) {
    return LocalDate.of(2026, 1, dayOfJanuary);
  }
}
