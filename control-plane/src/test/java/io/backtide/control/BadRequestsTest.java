package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad requests across every route: each gets its status and a message that says what is wrong, and
 * none of them changes the job table or the data folder.
 */
class BadRequestsTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static RunningControlPlane cp;
  private static List<String> dataBefore;
  private static Path secret;

  @BeforeAll
  static void start() throws IOException {
    cp = RunningControlPlane.builder().launcher(s -> new RecordingLauncher()).start();
    Path published = cp.dataDir().resolve("published");
    Path day = published.resolve("binance/BTCUSDT/candle/1m/2026-01-01.parquet");
    Files.createDirectories(day.getParent());
    Files.write(day, new byte[] {'P', 'A', 'R', '1'});
    secret = cp.dataDir().resolve("secret.txt");
    Files.writeString(secret, "outside published");
    Files.createSymbolicLink(
        published.resolve("binance/BTCUSDT/candle/1m/2026-01-02.parquet"), secret);
    dataBefore = tree(cp.dataDir());
  }

  @AfterAll
  static void stop() throws IOException {
    assertThat(cp.jobs().list(100)).as("jobs created by bad requests").isEmpty();
    assertThat(tree(cp.dataDir())).as("data folder after bad requests").isEqualTo(dataBefore);
    cp.close();
  }

  private static final String OK_FEED =
      "\"source\": \"sim\", \"subject\": \"BTCUSDT\", \"kind\": \"candle\", \"granularity\": \"1m\"";

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          POST | /reports/backfill | `{`                                       | 400 | malformed JSON
          POST | /reports/backfill | ``                                        | 400 | the request body is empty
          POST | /reports/backfill | `[]`                                      | 400 | the body is a JSON array
          POST | /reports/backfill | `"x"`                                     | 400 | the body is a JSON string
          POST | /reports/backfill | `{}`                                      | 400 | missing field(s) source, subject, kind, granularity, start, end
          POST | /reports/backfill | `{FEED, "start": "2026-01-01"}`           | 400 | missing field(s) end
          POST | /reports/backfill | `{FEED, "start": "", "end": "2026-01-02"}` | 400 | missing field(s) start
          POST | /reports/backfill | `{FEED, "start": null, "end": "2026-01-02"}` | 400 | missing field(s) start
          POST | /reports/backfill | `{FEED, "start": "2026-01-01", "end": "2026-01-02", "page": 1}` | 400 | unknown field(s) page: the accepted fields are source, subject, kind, granularity, start, end
          POST | /reports/backfill | `{FEED, "start": 20260101, "end": "2026-01-02"}` | 400 | field start is 20260101: expected a string
          POST | /reports/backfill | `{FEED, "start": "2026-01-01", "start": "2026-01-01", "end": "2026-01-02"}` | 400 | Duplicate field 'start'
          POST | /reports/backfill | `{"source": "Bin!", "subject": "BTCUSDT", "kind": "candle", "granularity": "1m", "start": "2026-01-01", "end": "2026-01-02"}` | 400 | bad source 'Bin!'
          POST | /reports/backfill | `{"source": "sim", "subject": "BTC/USDT", "kind": "candle", "granularity": "1m", "start": "2026-01-01", "end": "2026-01-02"}` | 400 | bad subject 'BTC/USDT'
          POST | /reports/backfill | `{"source": "sim", "subject": "BTCUSDT", "kind": "bar", "granularity": "1m", "start": "2026-01-01", "end": "2026-01-02"}` | 400 | unknown feed kind 'bar': expected one of candle, tick
          POST | /reports/backfill | `{"source": "sim", "subject": "BTCUSDT", "kind": "candle", "granularity": "2m", "start": "2026-01-01", "end": "2026-01-02"}` | 400 | unknown granularity '2m': expected one of 1s, 1m, 5m, 15m, 1h, 1d
          POST | /reports/backfill | `{"source": "binance", "subject": "SOLUSDT", "kind": "candle", "granularity": "1m", "start": "2026-01-01", "end": "2026-01-02"}` | 400 | feed binance/SOLUSDT/candle/1m is not configured: the configured feeds are binance/BTCUSDT/candle/1m
          POST | /reports/backfill | `{FEED, "start": "2026-13-01", "end": "2026-01-02"}` | 400 | cannot parse start '2026-13-01': expected YYYY-MM-DD
          POST | /reports/backfill | `{FEED, "start": "2026-01-01", "end": "yesterday"}` | 400 | cannot parse end 'yesterday'
          POST | /reports/backfill | `{FEED, "start": "2026-01-02", "end": "2026-01-02"}` | 400 | must be before end
          POST | /reports/backfill | `{FEED, "start": "2026-01-03", "end": "2026-01-02"}` | 400 | start 2026-01-03T00:00:00Z must be before end 2026-01-02T00:00:00Z
          POST | /reports/backfill | `{FEED, "start": "2015-01-01", "end": "2026-01-02"}` | 400 | more than the maximum of 1830 days (MAX_RANGE)
          POST | /reports/backfill | `{FEED, "start": "YESTERDAY", "end": "IN_3_DAYS"}` | 400 | is in the future: the latest accepted end is
          GET  | /reports/backfill/jobs?limit=0     |  | 400 | limit '0' is not an integer in 1..1000
          GET  | /reports/backfill/jobs?limit=abc   |  | 400 | limit 'abc' is not an integer in 1..1000
          GET  | /reports/backfill/jobs?limit=5000  |  | 400 | limit '5000' is not an integer
          GET  | /reports/backfill/jobs?status=done |  | 400 | unknown job status 'done': expected one of pending, running, completed, failed, cancelled
          GET  | /reports/backfill/jobs/not-a-uuid  |  | 404 | no backfill job with id 'not-a-uuid'
          GET  | /reports/backfill/jobs/6f1c2b9e-0000-4000-8000-000000000000 |  | 404 | no backfill job with id '6f1c2b9e-0000-4000-8000-000000000000'
          POST | /reports/backfill/jobs/6f1c2b9e-0000-4000-8000-000000000000/cancel |  | 404 | no backfill job with id
          POST | /reports/backfill/jobs/xyz/cancel  |  | 404 | no backfill job with id 'xyz'
          GET  | /reports/nothing                   |  | 404 | no such route
          GET  | /data/backfill/binance/BTCUSDT/candle/1m/2026-01-01.csv            |  | 400 | bad file name '2026-01-01.csv': expected YYYY-MM-DD.parquet
          GET  | /data/backfill/binance/BTCUSDT/candle/1m/2026-02-30.parquet        |  | 400 | bad file name '2026-02-30.parquet'
          GET  | /data/backfill/binance/BTCUSDT/candle/1m/2026-01-01.parquet.tmp    |  | 400 | bad file name
          GET  | /data/backfill/binance/BTCUSDT/candle/1m/2026-01-09.parquet        |  | 404 | no published file binance/BTCUSDT/candle/1m/2026-01-09.parquet
          GET  | /data/backfill/Bin@nce/BTCUSDT/candle/1m/2026-01-01.parquet        |  | 400 | bad source 'Bin@nce'
          GET  | /data/backfill/binance/BTCUSDT/candle/7m/2026-01-01.parquet        |  | 400 | unknown granularity '7m'
          GET  | /data/backfill/binance/BTCUSDT/candle/1m/2026-01-02.parquet        |  | 404 | no published file
          GET  | /data/backfill/binance/BTCUSDT/candle/1m/..%2F..%2F..%2Fsecret.txt |  | 400 |
          GET  | /data/backfill/binance/BTCUSDT/candle/1m/%2Fetc%2Fpasswd           |  | 400 |
          GET  | /data/backfill/binance/BTCUSDT/candle/..%2F..%2F..%2F..%2Fsecret.txt/2026-01-01.parquet |  | 400 |
          GET  | /data/backfill/binance/../../../secret.txt                         |  | 400 | unknown feed kind '..'
          GET  | /data/backfill/binance/%2e%2e/%2e%2e/x/1m/2026-01-01.parquet        |  | 404 | no such route
          """)
  void badRequestIsRefusedWithAMessage(
      String method, String path, String body, int status, String fragment) throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String json =
        body == null
            ? ""
            : body.replace("FEED", OK_FEED)
                .replace("YESTERDAY", today.minusDays(1).toString())
                .replace("IN_3_DAYS", today.plusDays(3).toString());
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cp.uri() + path));
    request =
        "POST".equals(method)
            ? request
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
            : request.GET();

    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).doesNotContain("outside published");
    if (fragment != null) {
      assertThat(response.body()).contains("\"error\"").contains(fragment);
    }
  }

  private static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(p -> !p.startsWith(dir.resolve("postgres")))
          .map(p -> dir.relativize(p) + ":" + (Files.isRegularFile(p) ? p.toFile().length() : -1))
          .sorted()
          .toList();
    }
  }
}
