package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Answers that Jetty makes itself (before any route runs) are the API's JSON too, and every answer
 * carries the security headers.
 */
class HttpHardeningTest {
  static RunningControlPlane cp;

  @BeforeAll
  static void start() {
    cp = RunningControlPlane.builder().launcher(s -> new RecordingLauncher()).start();
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  record Raw(int status, String head, String body) {}

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          bad percent-encoding  | GET /%zz HTTP/1.1                           | 400
          path above the root   | GET /../../etc/passwd HTTP/1.1              | 400
          unknown HTTP version  | GET /health HTTP/7.0                        | 505
          not HTTP at all       | HELLO                                       | 400
          """)
  void jettysOwnErrorsAreJson(String what, String requestLine, int status) throws IOException {
    Raw r = raw(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertThat(r.status()).as(what).isEqualTo(status);
    assertErrorJson(r);
  }

  @Test
  void headersTooLargeIsJson() throws IOException {
    String big = "X-Filler: " + "a".repeat(20_000) + "\r\n";
    Raw r = raw("GET /health HTTP/1.1\r\nHost: localhost\r\n" + big + "Connection: close\r\n\r\n");

    assertThat(r.status()).isEqualTo(431);
    assertErrorJson(r);
  }

  @ParameterizedTest
  @CsvSource({"/", "/js/main.js", "/health", "/no/such/route"})
  void everyAnswerCarriesTheSecurityHeaders(String path) {
    HttpResponse<String> r = cp.http().get(path);

    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValue(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; base-uri 'none'; form-action 'self';"
                + " frame-ancestors 'none'");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @Test
  void thePageHasNoInlineScriptOrStyle() {
    String page = cp.http().get("/").body();

    assertThat(page).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
    assertThat(page).doesNotContain("<style").doesNotContainPattern("\\sstyle=\"");
    assertThat(page).doesNotContainPattern("\\son[a-z]+=");
  }

  @Test
  void repeatedWrongKeysFromOneAddressAreAnswered429EvenWithTheRightKey() throws IOException {
    Clock frozen = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);
    try (var locked =
        RunningControlPlane.builder()
            .apiKey("right-key")
            .clock(frozen)
            .launcher(s -> new RecordingLauncher())
            .start()) {
      for (int i = 0; i <= WrongKeyThrottle.FREE_FAILURES; i++) {
        assertThat(
                locked.http().get("/reports/backfill/jobs", "X-API-Key", "guess" + i).statusCode())
            .as("wrong key %d", i + 1)
            .isEqualTo(401);
      }

      HttpResponse<String> r =
          locked.http().get("/reports/backfill/jobs", "X-API-Key", "right-key");

      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      JsonNode body = Json.mapper().readTree(r.body());
      assertThat(body.get("error").asText()).isEqualTo("too_many_requests");
      assertThat(body.get("detail").asText()).contains("too many wrong API keys from 127.0.0.1");
      assertThat(locked.http().get("/health").statusCode())
          .as("open routes stay open")
          .isEqualTo(200);
    }
  }

  private static void assertErrorJson(Raw r) throws IOException {
    assertThat(r.head()).containsIgnoringCase("Content-Type: application/json");
    JsonNode body = Json.mapper().readTree(r.body());
    assertThat(body.get("error").asText()).as(r.body()).isNotBlank();
    assertThat(body.get("detail").asText()).as(r.body()).isNotBlank();
    assertThat(body.size()).as(r.body()).isEqualTo(2);
  }

  private static Raw raw(String request) throws IOException {
    try (Socket s = new Socket(cp.uri().getHost(), cp.uri().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      String body = text.substring(split + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Raw(status, head, body);
    }
  }
}
