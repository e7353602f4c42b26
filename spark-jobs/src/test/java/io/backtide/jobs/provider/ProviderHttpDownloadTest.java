package io.backtide.jobs.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backtide.core.Sha256;
import io.backtide.jobs.testing.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProviderHttp#downloadIfFound}: a file's body goes to disk as it arrives, with its sha256,
 * against a loopback server that sends it slowly, stalls, fails or does not have it. The request
 * deadline is 400 ms here: a body slower than that in all but arriving steadily is downloaded; one
 * that stops for longer is retried.
 */
class ProviderHttpDownloadTest {
  static final Duration DEADLINE = Duration.ofMillis(400);

  @TempDir Path dir;
  final byte[] file = new byte[300_000];
  final Deque<Answer> answers = new ArrayDeque<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<Duration> slept = new ArrayList<>();
  final HttpServer server;

  /** How the server answers one request. */
  enum Answer {
    WHOLE,
    /** The body in 10 parts, 100 ms apart: 1 s in all, never 400 ms without bytes. */
    DRIBBLE,
    /** Half the body, then nothing for 2 s. */
    STALL,
    UNAVAILABLE,
    NOT_FOUND
  }

  ProviderHttpDownloadTest() throws IOException {
    new Random(7).nextBytes(file);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aBodySlowerThanTheDeadlineButSteadyIsDownloaded() throws Exception {
    answers.add(Answer.DRIBBLE);

    Download d = http().downloadIfFound(uri(), dir.resolve("f.zip")).orElseThrow();

    assertThat(requests).as("one request, no retry").hasSize(1);
    assertThat(Files.readAllBytes(d.file())).isEqualTo(file);
    assertThat(d.size()).isEqualTo(file.length);
    assertThat(d.sha256()).isEqualTo(Sha256.of(file));
  }

  @Test
  void aLongDownloadLogsHowFarItHasCome() throws Exception {
    answers.add(Answer.DRIBBLE);
    StringWriter log = new StringWriter();

    try (AutoCloseable capture = capture(log)) {
      http().downloadIfFound(uri(), dir.resolve("f.zip")).orElseThrow();
    }

    assertThat(log.toString().lines())
        .as("a line each check (here every 400 ms) while the body arrives")
        .isNotEmpty()
        .allMatch(
            l -> l.matches("INFO GET " + uri() + ": 0\\.\\d MB of 0\\.3 MB so far, [0-9.]+ MB/s"));
  }

  @Test
  void aStalledBodyIsRetriedAndTheFileHoldsOnlyTheNewAttempt() throws Exception {
    answers.add(Answer.STALL);
    answers.add(Answer.WHOLE);

    Download d = http().downloadIfFound(uri(), dir.resolve("f.zip")).orElseThrow();

    assertThat(requests).hasSize(2);
    assertThat(slept).hasSize(1);
    assertThat(Files.readAllBytes(d.file())).isEqualTo(file);
    assertThat(d.sha256()).isEqualTo(Sha256.of(file));
  }

  @Test
  void aServerErrorIsRetried() throws Exception {
    answers.add(Answer.UNAVAILABLE);

    Download d = http().downloadIfFound(uri(), dir.resolve("f.zip")).orElseThrow();

    assertThat(requests).hasSize(2);
    assertThat(d.sha256()).isEqualTo(Sha256.of(file));
  }

  @Test
  void notFoundIsEmptyAndWritesNothing() {
    answers.add(Answer.NOT_FOUND);

    Optional<Download> d = http().downloadIfFound(uri(), dir.resolve("f.zip"));

    assertThat(d).isEmpty();
    assertThat(dir.resolve("f.zip")).doesNotExist();
  }

  @Test
  void aFileThatCannotBeWrittenFailsAtOnceNamingIt() {
    Path nowhere = dir.resolve("missing-folder").resolve("f.zip");

    assertThatThrownBy(() -> http().downloadIfFound(uri(), nowhere))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("cannot write the download to " + nowhere);
    assertThat(requests).as("not retried").hasSize(1);
  }

  private static AutoCloseable capture(StringWriter out) {
    return LogCapture.of(ProviderHttp.class, out, "%level %msg%n");
  }

  private ProviderHttp http() {
    ProviderSettings settings =
        ProviderSettings.defaults(Clock.systemUTC())
            .withRequestTimeout(DEADLINE)
            .withRetry(
                new RetryPolicy(
                    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(20)));
    return new ProviderHttp(settings, ProviderHttp.Pacing.NONE, slept::add);
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/f.zip");
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestURI().getPath());
    Answer answer;
    synchronized (answers) {
      answer = answers.isEmpty() ? Answer.WHOLE : answers.poll();
    }
    try (exchange) {
      switch (answer) {
        case NOT_FOUND -> send(exchange, 404, "<Error>NoSuchKey</Error>".getBytes());
        case UNAVAILABLE -> send(exchange, 503, "busy".getBytes());
        case WHOLE -> send(exchange, 200, file);
        case DRIBBLE -> sendInParts(exchange, 10, Duration.ofMillis(100), file.length);
        case STALL -> sendInParts(exchange, 2, Duration.ofSeconds(2), file.length / 2);
      }
    } catch (IOException | InterruptedException e) {
      // the client gave up on this answer
    }
  }

  private void sendInParts(HttpExchange exchange, int parts, Duration pause, int upTo)
      throws IOException, InterruptedException {
    exchange.sendResponseHeaders(200, file.length);
    OutputStream out = exchange.getResponseBody();
    int part = upTo / parts;
    for (int i = 0; i < parts; i++) {
      out.write(file, i * part, i == parts - 1 ? upTo - i * part : part);
      out.flush();
      Thread.sleep(pause.toMillis());
    }
    if (upTo == file.length) {
      out.close();
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
