package io.backtide.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.FeedKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real HTTP server on loopback. File bytes are opaque to the client. */
class BacktestClientTest {

  static final FeedKey FEED = FeedKey.parse("sim/BTCUSDT/candle/1m");
  static final String DAY1 = "sim/BTCUSDT/candle/1m/2026-01-01.parquet";
  static final String DAY2 = "sim/BTCUSDT/candle/1m/2026-01-02.parquet";
  static final String DAY3 = "sim/BTCUSDT/candle/1m/2026-01-03.parquet";
  static final String OTHER = "sim/ETHUSDT/candle/1m/2026-01-01.parquet";

  @TempDir Path cache;
  FakeCoordinator coordinator;
  BacktestClient client;

  @BeforeEach
  void serve() throws IOException {
    coordinator =
        new FakeCoordinator()
            .put(DAY1, bytes("day one"))
            .put(DAY2, bytes("day two"))
            .put(DAY3, bytes("day three"))
            .put(OTHER, bytes("other feed"));
    client = new BacktestClient(coordinator.uri(), cache);
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  @Test
  void pullDownloadsOnlyTheFeedsDaysInTheRange() throws IOException {
    List<DataFile> files = client.pull(FEED, "2026-01-01", "2026-01-03");

    assertThat(files)
        .extracting(DataFile::date)
        .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02"));
    assertThat(Files.readString(cache.resolve(DAY1))).isEqualTo("day one");
    assertThat(Files.readString(files.get(1).path())).isEqualTo("day two");
    assertThat(coordinator.downloads(DAY3)).as("outside the range").isZero();
    assertThat(coordinator.downloads(OTHER)).as("another feed").isZero();
    assertThat(coordinator.indexQueries())
        .as("the index is asked for the feed and range only")
        .containsExactly(
            "source=sim&subject=BTCUSDT&kind=candle&granularity=1m"
                + "&start=2026-01-01T00%3A00%3A00Z&end=2026-01-03T00%3A00%3A00Z");
  }

  @Test
  void coordinatorWithoutTheIndexFilterStillGivesOnlyTheFeedsDaysInTheRange() throws IOException {
    coordinator.ignoreIndexFilter();

    List<DataFile> files = client.pull(FEED, "2026-01-02", "2026-01-03");

    assertThat(files).extracting(DataFile::date).containsExactly(LocalDate.parse("2026-01-02"));
    assertThat(coordinator.totalDownloads()).isEqualTo(1);
    assertThat(coordinator.downloads(DAY2)).isEqualTo(1);
  }

  @Test
  void secondPullDownloadsNothing() {
    client.pull(FEED, "2026-01-01", "2026-01-04");
    int first = coordinator.totalDownloads();

    List<DataFile> again = client.pull(FEED, "2026-01-01", "2026-01-04");

    assertThat(first).isEqualTo(3);
    assertThat(coordinator.totalDownloads()).isEqualTo(3);
    assertThat(again).hasSize(3);
    assertThat(coordinator.gzippedIndexes())
        .as("the index is fetched compressed and decoded")
        .isEqualTo(2);
  }

  @Test
  void changedDayIsDownloadedAgainAndOnlyThatDay() throws IOException {
    client.pull(FEED, "2026-01-01", "2026-01-04");
    coordinator.put(DAY2, bytes("day two, republished"));

    client.pull(FEED, "2026-01-01", "2026-01-04");

    assertThat(coordinator.downloads(DAY1)).isEqualTo(1);
    assertThat(coordinator.downloads(DAY2)).isEqualTo(2);
    assertThat(coordinator.downloads(DAY3)).isEqualTo(1);
    assertThat(Files.readString(cache.resolve(DAY2))).isEqualTo("day two, republished");
  }

  @Test
  void refreshDownloadsEveryDayAgain() {
    client.pull(FEED, "2026-01-01", "2026-01-03");

    client.refresh(FEED, "2026-01-01", "2026-01-03");

    assertThat(coordinator.downloads(DAY1)).isEqualTo(2);
    assertThat(coordinator.downloads(DAY2)).isEqualTo(2);
  }

  @Test
  void corruptDownloadIsRetriedOnce() throws IOException {
    coordinator.corruptNext(DAY1, 1);

    client.pull(FEED, "2026-01-01", "2026-01-02");

    assertThat(coordinator.downloads(DAY1)).isEqualTo(2);
    assertThat(Files.readString(cache.resolve(DAY1))).isEqualTo("day one");
  }

  @Test
  void corruptTwiceIsAnErrorNamingTheFileAndKeepsTheCachedCopy() throws IOException {
    client.pull(FEED, "2026-01-01", "2026-01-02");
    coordinator.put(DAY1, bytes("day one, v2"));
    coordinator.corruptNext(DAY1, 2);

    assertThatThrownBy(() -> client.pull(FEED, "2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasMessageContaining("download of " + DAY1)
        .hasMessageContaining("is corrupt twice in a row")
        .hasMessageContaining("the cached copy was left unchanged");
    assertThat(Files.readString(cache.resolve(DAY1))).isEqualTo("day one");
    assertThat(Files.list(cache.resolve(DAY1).getParent())).hasSize(1);
  }

  @Test
  void daysAreDownloadedSeveralAtOnceAndReturnedInDateOrder() throws IOException {
    coordinator.answerOnlyWhenInFlight(3);

    List<DataFile> files = client.withParallelDownloads(3).pull(FEED, "2026-01-01", "2026-01-04");

    assertThat(coordinator.mostInFlight())
        .as("the three days were in flight together")
        .isEqualTo(3);
    assertThat(files)
        .extracting(DataFile::date)
        .containsExactly(
            LocalDate.parse("2026-01-01"),
            LocalDate.parse("2026-01-02"),
            LocalDate.parse("2026-01-03"));
    assertThat(Files.readString(cache.resolve(DAY3))).isEqualTo("day three");
  }

  @Test
  void oneAtATimeWhenAsked() {
    client.withParallelDownloads(1).pull(FEED, "2026-01-01", "2026-01-04");

    assertThat(coordinator.mostInFlight()).isEqualTo(1);
    assertThat(coordinator.totalDownloads()).isEqualTo(3);
  }

  @Test
  void aDayThatFailsInAParallelPullEndsItAndLeavesNoTempFile() throws IOException {
    coordinator.corruptNext(DAY2, 2);

    assertThatThrownBy(() -> client.withParallelDownloads(3).pull(FEED, "2026-01-01", "2026-01-04"))
        .isInstanceOf(BacktestException.class)
        .hasMessageContaining("download of " + DAY2)
        .hasMessageContaining("is corrupt twice in a row");
    try (var left = Files.list(cache.resolve(DAY1).getParent())) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no temp file, no corrupt day")
          .allMatch(name -> name.endsWith(".parquet") && !name.startsWith("."))
          .doesNotContain("2026-01-02.parquet");
    }
  }

  @Test
  void parallelDownloadsOutsideOneToSixteenAreRefused() {
    assertThatThrownBy(() -> client.withParallelDownloads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parallel downloads 0 must be in 1..16");
    assertThatThrownBy(() -> client.withParallelDownloads(17))
        .hasMessage("parallel downloads 17 must be in 1..16");
  }

  @Test
  void noDataInTheRangeSaysWhichDaysTheCoordinatorHas() {
    assertThatThrownBy(() -> client.pull(FEED, "2026-02-01", "2026-02-03"))
        .isInstanceOf(BacktestException.class)
        .hasMessage(
            "the coordinator has no data for sim/BTCUSDT/candle/1m in [2026-02-01T00:00:00Z,"
                + " 2026-02-03T00:00:00Z); it has these days of that feed: [2026-01-01,"
                + " 2026-01-02, 2026-01-03]: run a backfill for that range first, or pick a"
                + " range it has");
  }

  @Test
  void unknownFeedSaysTheCoordinatorHasNone() {
    assertThatThrownBy(
            () -> client.pull(FeedKey.parse("sim/XRP/candle/1m"), "2026-01-01", "2026-01-02"))
        .hasMessageContaining("it has no day of that feed at all");
  }

  @Test
  void unreachableCoordinatorNamesTheUrlAndTheCause() throws IOException {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }
    var offline = new BacktestClient(URI.create("http://127.0.0.1:" + freePort), cache);

    assertThatThrownBy(() -> offline.pull(FEED, "2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasMessageStartingWith(
            "cannot reach the coordinator at http://127.0.0.1:"
                + freePort
                + "/data/backfill/index?source=sim&subject=BTCUSDT&kind=candle&granularity=1m"
                + "&start=2026-01-01T00%3A00%3A00Z&end=2026-01-02T00%3A00%3A00Z (")
        .hasMessageContaining("ConnectException")
        .hasMessageContaining("check that it runs");
  }

  @Test
  void errorStatusIsReportedWithTheUrl() {
    var wrongBase = new BacktestClient(coordinator.uri().resolve("/elsewhere/"), cache);

    assertThatThrownBy(() -> wrongBase.pull(FEED, "2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasMessageStartingWith(
            "coordinator answered HTTP 404 for "
                + coordinator.uri()
                + "/elsewhere/data/backfill/index?source=sim&subject=BTCUSDT&kind=candle");
  }

  @Test
  void protectedDataRoutesNeedTheApiKey() {
    coordinator.requireApiKey("s3cret");

    assertThatThrownBy(() -> client.pull(FEED, "2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasMessageContaining("coordinator answered HTTP 401")
        .hasMessageContaining("pass its API key with BacktestClient.withApiKey(...)");
    assertThat(client.withApiKey("s3cret").pull(FEED, "2026-01-01", "2026-01-02")).hasSize(1);
    assertThatThrownBy(() -> client.withApiKey(" "))
        .hasMessage("API key is blank: pass the coordinator's API_KEY");
  }

  @Test
  void indexPathThatEscapesTheCacheIsRefused() {
    coordinator.ignoreIndexFilter(); // a hostile coordinator lists what it likes
    coordinator.put("sim/BTCUSDT/candle/1m/../../../../evil.parquet", bytes("x"));

    assertThatThrownBy(() -> client.pull(FEED, "2026-01-01", "2026-01-02"))
        .isInstanceOf(BacktestException.class)
        .hasMessageContaining("names the file 'sim/BTCUSDT/candle/1m/../../../../evil.parquet'")
        .hasMessageContaining("refusing to write it");
    assertThat(cache.getParent().resolve("evil.parquet")).doesNotExist();
  }

  @Test
  void cachedFilesAreListedOfflineWithTheirHashes() {
    List<DataFile> pulled = client.pull(FEED, "2026-01-01", "2026-01-04");
    coordinator.close();

    List<DataFile> cached = client.listCached(FEED);

    assertThat(cached).isEqualTo(pulled);
    assertThat(client.listCached(FeedKey.parse("sim/NOPE/candle/1m"))).isEmpty();
  }

  @Test
  void badDatesAreRejectedBeforeAnyRequest() {
    assertThatThrownBy(() -> client.pull(FEED, "2026-13-01", "2026-01-02"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot parse start '2026-13-01'");
    assertThatThrownBy(() -> client.pull(FEED, "2026-01-02", "2026-01-01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be before end");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
