package io.backtide.jobs.provider;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.core.Granularity;
import io.backtide.jobs.testing.FakeBinance;
import io.backtide.jobs.testing.FakeBinance.Scripted;
import io.backtide.jobs.testing.TestCandles;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderHttpTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String KLINES = "/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=10";
  final FakeBinance fake = FakeBinance.start();
  final List<String> heard = new CopyOnWriteArrayList<>();
  final List<Duration> slept = new ArrayList<>();
  final RetryListener listener =
      new RetryListener() {
        @Override
        public void retrying(RetryStatus status) {
          heard.add(status.reason() + " #" + status.failures());
        }

        @Override
        public void recovered() {
          heard.add("recovered");
        }
      };

  ProviderHttpTest() {
    fake.candles("BTCUSDT", "1m", TestCandles.range(T0, T0.plusSeconds(120), Granularity.M1, 0));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void serverErrorsAreRetriedWithGrowingWaitsAndTheListenerHearsEachOne() {
    fake.script(Scripted.serverError(), Scripted.serverError(), Scripted.serverError());

    String body = recording(Duration.ofMinutes(15)).get(uri(KLINES), text());

    assertThat(body).startsWith("[[" + T0.toEpochMilli());
    assertThat(fake.requests()).hasSize(4);
    assertThat(heard).containsExactly("HTTP 500 #1", "HTTP 500 #2", "HTTP 500 #3", "recovered");
    assertThat(slept).hasSize(3);
    assertThat(slept.get(0)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
    assertThat(slept.get(2)).isBetween(Duration.ofMillis(20), Duration.ofMillis(40));
  }

  @Test
  void retryAfterOfA503IsHonoured() {
    fake.script(Scripted.unavailable(3));

    recording(Duration.ofMinutes(15)).get(uri(KLINES), text());

    assertThat(slept).containsExactly(Duration.ofSeconds(3));
    assertThat(heard).containsExactly("HTTP 503 #1", "recovered");
  }

  @Test
  void retryAfterBeyondThePatienceFailsAtOnce() {
    fake.script(Scripted.tooManyRequests(600));

    assertThatThrownBy(() -> recording(Duration.ofSeconds(60)).get(uri(KLINES), text()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("HTTP 429")
        .hasMessageContaining("Retry-After 600 s is beyond the patience left")
        .hasMessageContaining("max_outage 60 s");
    assertThat(slept).isEmpty();
  }

  @Test
  void aProviderThatNeverAnswersIsTimedOutAndRetried() {
    fake.script(Scripted.hang());
    long t0 = System.nanoTime();

    String body = real(Duration.ofMillis(500), Duration.ofSeconds(30)).get(uri(KLINES), text());

    assertThat(body).startsWith("[[" + T0.toEpochMilli());
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isBetween(Duration.ofMillis(500), Duration.ofSeconds(10));
    assertThat(heard).first().asString().startsWith("no complete answer within 0.5 s");
    assertThat(fake.requests()).hasSize(2);
  }

  @Test
  void aBodyThatStallsAfterTheHeadersIsTimedOutAndRetried() {
    fake.script(Scripted.headersThenStall(), Scripted.headersThenStall());
    long t0 = System.nanoTime();

    String body = real(Duration.ofMillis(500), Duration.ofSeconds(30)).get(uri(KLINES), text());

    assertThat(body).startsWith("[[" + T0.toEpochMilli());
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isBetween(Duration.ofMillis(1000), Duration.ofSeconds(15));
    assertThat(heard)
        .containsExactly(
            "no complete answer within 0.5 s #1",
            "no complete answer within 0.5 s #2",
            "recovered");
  }

  @Test
  void aStalledBodyBeyondMaxOutageFailsNamingTheDeadline() {
    fake.failAlways(Scripted.headersThenStall());

    assertThatThrownBy(
            () -> real(Duration.ofMillis(300), Duration.ofSeconds(1)).get(uri("/x?a=1"), text()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("GET " + fake.url() + "/x?a=1 failed after ")
        .hasMessageContaining("no complete answer within 0.3 s")
        .hasMessageContaining("max_outage 1 s");
  }

  @Test
  void aGarbage200IsRetried() {
    fake.script(Scripted.garbage());

    String body = recording(Duration.ofMinutes(15)).get(uri(KLINES), json());

    assertThat(body).startsWith("[[" + T0.toEpochMilli());
    assertThat(heard).containsExactly("HTTP 200 with a malformed body #1", "recovered");
  }

  @Test
  void persistentServerErrorsFailAfterMaxOutageWithOneLineNamingRequestStatusAndBody() {
    fake.failAlways(Scripted.serverError());
    long t0 = System.nanoTime();

    assertThatThrownBy(
            () ->
                real(Duration.ofSeconds(5), Duration.ofMillis(400))
                    .get(uri("/api/v3/klines?symbol=BTCUSDT&limit=1000"), text()))
        .isInstanceOf(ProviderException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
        .satisfies(e -> assertThat(((ProviderException) e).httpStatus()).hasValue(500))
        .hasMessageStartingWith(
            "GET " + fake.url() + "/api/v3/klines?symbol=BTCUSDT&limit=1000 failed after ")
        .hasMessageContaining(
            "HTTP 500, body: {\"code\":-1000,\"msg\":\"An unknown error occurred.\"}")
        .hasMessageContaining("failing for longer than max_outage 0.4 s");
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
    assertThat(fake.requests().size()).isGreaterThan(2);
  }

  @ParameterizedTest
  @CsvSource({
    "400, '{\"code\":-1121,\"msg\":\"Invalid symbol.\"}'",
    "401, '{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}'",
    "403, '<html>403 Forbidden: WAF</html>'",
    "404, 'Not Found'"
  })
  void permanentStatusesFailAtOnceWithTheProvidersMessage(int status, String body) {
    fake.failAlways(Scripted.status(status, body));

    assertThatThrownBy(() -> recording(Duration.ofMinutes(15)).get(uri("/x?q=1"), text()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "GET "
                + fake.url()
                + "/x?q=1 failed after 1 attempt(s): HTTP "
                + status
                + ", body: "
                + body
                + " (not retried: the provider refuses the request itself)");
    assertThat(fake.requests()).hasSize(1);
    assertThat(heard).isEmpty();
  }

  @Test
  void getIfFoundIsEmptyOnA404AndReadsA200() {
    ProviderHttp http = recording(Duration.ofMinutes(1));

    assertThat(http.getIfFound(uri("/data/missing.zip"), text())).isEmpty();
    assertThat(http.getIfFound(uri(KLINES), text())).get().asString().startsWith("[[");
    assertThat(fake.requests()).hasSize(2);
  }

  @Test
  void secretsInTheUrlAreMaskedInMessages() {
    fake.failAlways(Scripted.status(401, "no"));

    assertThatThrownBy(
            () ->
                recording(Duration.ofMinutes(1))
                    .get(uri("/x?symbol=A&signature=abc123&apiKey=k9"), text()))
        .hasMessageContaining("/x?symbol=A&signature=***&apiKey=*** failed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc123").doesNotContain("k9"));
  }

  @Test
  void aRefusedConnectionIsRetriedUntilMaxOutage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    assertThatThrownBy(
            () ->
                real(Duration.ofSeconds(2), Duration.ofMillis(300))
                    .get(URI.create("http://127.0.0.1:" + port + "/x"), text()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("connection refused")
        .hasMessageContaining("max_outage 0.3 s");
    assertThat(heard).isNotEmpty().allMatch(h -> h.startsWith("connection refused #"));
  }

  @Test
  void anInterruptEndsAStalledRequestPromptly() throws Exception {
    fake.failAlways(Scripted.headersThenStall());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    ProviderHttp http = real(Duration.ofSeconds(60), Duration.ofMinutes(15));
    Thread worker =
        new Thread(
            () -> {
              try {
                http.get(uri("/x"), text());
              } catch (RuntimeException e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
              }
            });
    worker.start();
    while (fake.requests().isEmpty()) {
      Thread.sleep(10);
    }
    Thread.sleep(200);
    long t0 = System.nanoTime();
    worker.interrupt();
    worker.join(5000);

    assertThat(worker.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(thrown.get())
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("interrupted");
    assertThat(flag.get()).as("interrupt flag restored").isTrue();
  }

  private ProviderHttp recording(Duration maxOutage) {
    ProviderSettings settings =
        settings(Duration.ofSeconds(5), maxOutage)
            .withRetry(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(40), maxOutage));
    return new ProviderHttp(settings, ProviderHttp.Pacing.NONE, slept::add);
  }

  private ProviderHttp real(Duration deadline, Duration maxOutage) {
    return ProviderHttp.create(settings(deadline, maxOutage));
  }

  private ProviderSettings settings(Duration deadline, Duration maxOutage) {
    return ProviderSettings.defaults(Clock.systemUTC())
        .withRetry(new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), maxOutage))
        .withRequestTimeout(deadline)
        .withRetryListener(listener);
  }

  private URI uri(String pathAndQuery) {
    return URI.create(fake.url() + pathAndQuery);
  }

  private static ProviderHttp.BodyReader<String> text() {
    return body -> new String(body, UTF_8);
  }

  /** Accepts a body that looks like JSON, as the real readers do. */
  private static ProviderHttp.BodyReader<String> json() {
    return body -> {
      String s = new String(body, UTF_8);
      if (!s.startsWith("{") && !s.startsWith("[")) {
        throw new MalformedBodyException("test body", "not JSON", null);
      }
      return s;
    };
  }
}
