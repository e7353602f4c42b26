package io.backtide.backtest;

import static io.backtide.backtest.HostileCoordinator.bytes;
import static io.backtide.backtest.HostileCoordinator.headersThenSilence;
import static io.backtide.backtest.HostileCoordinator.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.core.FeedKey;
import io.backtide.core.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a coordinator that stalls, floods, bombs and redirects. Runs in its own JVM
 * with {@code -Xmx256m} (surefire execution {@code small-heap}): any body held in memory would end
 * in an {@link OutOfMemoryError} instead of the {@link BacktestException} asserted here.
 */
@Tag("small-heap")
class HostileCoordinatorTest {

  static final FeedKey FEED = FeedKey.parse("sim/BTCUSDT/candle/1m");
  static final String DAY1 = "sim/BTCUSDT/candle/1m/2026-01-01.parquet";
  static final String INDEX = "/data/backfill/index";
  static final Duration DEADLINE = Duration.ofSeconds(2);
  static final byte[] SMALL_DAY = new byte[4096];

  @TempDir Path cache;
  HostileCoordinator coordinator;
  BacktestClient client;

  @BeforeAll
  static void runsOnASmallHeap() {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("run by the small-heap surefire execution (-Xmx256m)")
        .isLessThanOrEqualTo(300L << 20);
  }

  @BeforeEach
  void serve() throws IOException {
    coordinator = new HostileCoordinator();
    client = new BacktestClient(coordinator.uri(), cache).withRequestTimeout(DEADLINE);
  }

  @AfterEach
  void stop() {
    coordinator.close();
  }

  @Test
  void indexWithHeadersThenSilenceEndsAtTheDeadline() {
    coordinator.on(INDEX, headersThenSilence());

    assertFailsNamingUrl(pull(), INDEX, "within PT2S (headers and body)");
  }

  @Test
  void dayWithHeadersThenSilenceEndsAtTheDeadlineAndLeavesNoFile() throws IOException {
    coordinator.on(INDEX, index(entry(DAY1, SMALL_DAY))).on(file(DAY1), headersThenSilence());

    assertFailsNamingUrl(pull(), file(DAY1), "within PT2S");
    assertThat(filesIn(cache)).as("no partial or temp file").isEmpty();
  }

  @Test
  void oversizeDayIsCutOffAtTheEntrysSize() throws IOException {
    coordinator.on(INDEX, index(entry(DAY1, SMALL_DAY))).on(file(DAY1), zeros(300L << 20));

    assertFailsNamingUrl(
        pull(), file(DAY1), "larger than 4096 bytes (the index entry's size_bytes)");
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void endlessDayIsCutOffAtTheEntrysSize() throws IOException {
    coordinator.on(INDEX, index(entry(DAY1, SMALL_DAY))).on(file(DAY1), zeros(0));

    assertFailsNamingUrl(pull(), file(DAY1), "larger than 4096 bytes");
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void endlessIndexIsCutOffAtTheIndexCap() {
    coordinator.on(INDEX, zeros(0));

    assertFailsNamingUrl(pull(), INDEX, "larger than 33554432 bytes (the cap for the index)");
  }

  @Test
  void gzipBombIndexIsCutOffWhileDecompressing() throws IOException {
    byte[] bomb = gzippedZeros(1L << 30);
    assertThat(bomb.length).as("a small body").isLessThan(2 << 20);
    coordinator.on(INDEX, bytes(200, bomb, "Content-Encoding", "gzip"));

    assertFailsNamingUrl(pull(), INDEX, "(the cap for the index, decompressed)");
  }

  @Test
  void redirectToAnotherOriginIsRefusedAndTheKeyStaysHome() throws IOException {
    try (HostileCoordinator elsewhere = new HostileCoordinator()) {
      elsewhere.on(INDEX, index(entry(DAY1, SMALL_DAY)));
      String target = "http://localhost:" + elsewhere.uri().getPort() + INDEX;
      coordinator.on(INDEX, bytes(302, new byte[0], "Location", target));
      BacktestClient keyed = client.withApiKey("s3cret");

      assertFailsNamingUrl(
          () -> keyed.pull(FEED, "2026-01-01", "2026-01-02"), INDEX, "redirecting to " + target);
      assertThat(elsewhere.requests()).as("requests that reached the other origin").isZero();
      assertThat(coordinator.requestsWithKey()).isEqualTo(1);
    }
  }

  @Test
  void apiKeyNeedsAClientThatDoesNotFollowRedirects() {
    HttpClient following =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    BacktestClient custom = new BacktestClient(coordinator.uri(), cache, following);

    assertThatThrownBy(() -> custom.withApiKey("s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("followRedirects(HttpClient.Redirect.NEVER)");
  }

  @Test
  void dayListedTwiceIsReportedNotReturnedTwice() throws IOException {
    coordinator
        .on(INDEX, index(entry(DAY1, SMALL_DAY), entry(DAY1, SMALL_DAY)))
        .on(file(DAY1), bytes(200, SMALL_DAY));

    assertFailsNamingUrl(pull(), INDEX, "lists " + DAY1 + " more than once");
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void wellBehavedAnswersStillWork() throws IOException {
    coordinator.on(INDEX, index(entry(DAY1, SMALL_DAY))).on(file(DAY1), bytes(200, SMALL_DAY));

    List<DataFile> files = client.pull(FEED, "2026-01-01", "2026-01-02");

    assertThat(files).hasSize(1);
    assertThat(Files.readAllBytes(files.get(0).path())).isEqualTo(SMALL_DAY);
    assertThat(filesIn(cache))
        .as("the day and the pull manifest, nothing else")
        .containsExactlyInAnyOrder(
            files.get(0).path(), cache.resolve("_manifests/sim/BTCUSDT/candle/1m.json"));
  }

  private ThrowingCallable pull() {
    return () -> client.pull(FEED, "2026-01-01", "2026-01-02");
  }

  private void assertFailsNamingUrl(ThrowingCallable call, String path, String reason) {
    URI url = coordinator.uri().resolve(path);
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () ->
            assertThatThrownBy(call)
                .isInstanceOf(BacktestException.class)
                .hasMessageContaining(url.toString())
                .hasMessageContaining(reason));
  }

  private static String file(String path) {
    return "/data/backfill/" + path;
  }

  private static Map<String, Object> entry(String path, byte[] bytes) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("path", path);
    e.put("date", path.substring(path.lastIndexOf('/') + 1).replace(".parquet", ""));
    e.put("records", 3);
    e.put("size_bytes", bytes.length);
    e.put("sha256", Sha256.of(bytes));
    return e;
  }

  @SafeVarargs
  private static HostileCoordinator.Behaviour index(Map<String, Object>... entries)
      throws IOException {
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("generated_at", "2026-01-10T00:00:00Z");
    index.put("files", List.of(entries));
    return bytes(
        200, new ObjectMapper().writeValueAsBytes(index), "Content-Type", "application/json");
  }

  /** Concatenated gzip members (GZIPInputStream reads them all): 64 MiB compressed once. */
  private static byte[] gzippedZeros(long length) throws IOException {
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 20];
    try (GZIPOutputStream z = new GZIPOutputStream(member)) {
      for (int i = 0; i < 64; i++) {
        z.write(chunk);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long written = 0; written < length; written += 64L << 20) {
      member.writeTo(out);
    }
    return out.toByteArray();
  }

  private static List<Path> filesIn(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return new ArrayList<>(all.filter(Files::isRegularFile).toList());
    }
  }
}
