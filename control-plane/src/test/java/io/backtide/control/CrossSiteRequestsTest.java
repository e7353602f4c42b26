package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a hostile web page can make an operator's browser send to an open control plane: "simple"
 * cross-site POSTs (form or text/plain bodies, a foreign Origin) and requests under a rebound DNS
 * name (a foreign Host). Each is refused, and no job is created or cancelled; the page's own
 * requests still work. Requests are written by hand so that Host and Origin are what a browser
 * would send.
 */
class CrossSiteRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY =
      """
      {"source": "sim", "subject": "BTCUSDT", "kind": "candle", "granularity": "1m", \
      "start": "2026-01-01", "end": "2026-01-02"}""";
  private static RunningControlPlane cp;

  record Answer(int status, String body) {}

  @BeforeAll
  static void start() {
    cp =
        RunningControlPlane.builder()
            .env("ALLOWED_HOSTS", "backtide.internal")
            .env("ALLOWED_ORIGINS", "https://ops.example:8443")
            .launcher(s -> new RecordingLauncher())
            .start();
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  /** One job may be active at a time: each test ends with none. */
  @AfterEach
  void noJobLeftActive() throws Exception {
    for (JsonNode job : jobs()) {
      cp.jobs().cancel(java.util.UUID.fromString(job.get("id").asText()));
    }
  }

  private static String own() {
    return "127.0.0.1:" + cp.uri().getPort();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
  void simpleCrossSitePostBodiesAreRefusedAndCreateNoJob(String type) throws Exception {
    int before = jobs().size();
    Answer a = send("POST", "/reports/backfill", own(), "Content-Type: " + type, BODY);

    assertThat(a.status()).as(a.body()).isEqualTo(415);
    assertThat(a.body())
        .contains("\"error\":\"unsupported_media_type\"")
        .contains("Content-Type: application/json");
    assertThat(jobs()).as("jobs after the refused POST").hasSize(before);
  }

  @Test
  void aForeignOriginCannotStartAJob() throws Exception {
    int before = jobs().size();
    Answer a =
        send(
            "POST",
            "/reports/backfill",
            own(),
            "Content-Type: application/json\r\nOrigin: http://evil.example",
            BODY);

    assertThat(a.status()).as(a.body()).isEqualTo(403);
    assertThat(a.body())
        .contains("origin 'http://evil.example' refused")
        .contains("ALLOWED_ORIGINS");
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aForeignOriginCannotCancelAJob() throws Exception {
    String id = startJob("Origin: http://" + own());

    Answer plain =
        send(
            "POST",
            "/reports/backfill/jobs/" + id + "/cancel",
            own(),
            "Content-Type: text/plain",
            "");
    Answer foreign =
        send(
            "POST",
            "/reports/backfill/jobs/" + id + "/cancel",
            own(),
            "Origin: http://evil.example",
            "");
    Answer opaque =
        send("POST", "/reports/backfill/jobs/" + id + "/cancel", own(), "Origin: null", "");

    assertThat(plain.status()).as(plain.body()).isEqualTo(415);
    assertThat(foreign.status()).as(foreign.body()).isEqualTo(403);
    assertThat(opaque.status()).as(opaque.body()).isEqualTo(403);
    JsonNode job = JSON.readTree(cp.http().get("/reports/backfill/jobs/" + id).body());
    assertThat(job.get("status").asText()).isEqualTo("pending");
    assertThat(job.get("cancel_requested").asBoolean()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/reports/backfill/jobs", "/data/backfill/index", "/", "/health"})
  void aForeignHostIsRefusedOnEveryRoute(String path) throws Exception {
    Answer a = send("GET", path, "evil.example:" + cp.uri().getPort(), "", null);

    assertThat(a.status()).as(a.body()).isEqualTo(403);
    assertThat(a.body()).contains("Host 'evil.example:").contains("ALLOWED_HOSTS");
  }

  @Test
  void aRebindingHostCannotStartAJobEvenWithItsOwnOrigin() throws Exception {
    int before = jobs().size();
    String evil = "evil.example:" + cp.uri().getPort();
    Answer a =
        send(
            "POST",
            "/reports/backfill",
            evil,
            "Content-Type: application/json\r\nOrigin: http://" + evil,
            BODY);

    assertThat(a.status()).as(a.body()).isEqualTo(403);
    assertThat(jobs()).hasSize(before);
  }

  @ParameterizedTest(name = "Host {0}")
  @CsvSource({"127.0.0.1", "localhost", "backtide.internal", "BACKTIDE.internal"})
  void theControlPlanesOwnNamesAreServed(String host) throws Exception {
    Answer a = send("GET", "/reports/backfill/jobs", host + ":" + cp.uri().getPort(), "", null);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
  }

  @Test
  void thePagesOwnRequestsStillWork() throws Exception {
    String id = startJob("Origin: http://" + own());

    Answer cancel =
        send(
            "POST",
            "/reports/backfill/jobs/" + id + "/cancel",
            own(),
            "Origin: http://" + own(),
            "");
    assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
    assertThat(cancel.body()).contains("\"cancel_requested\":true");
  }

  @Test
  void aConfiguredOriginAndAClientWithoutOriginMayStartJobs() throws Exception {
    startJob("Origin: https://ops.example:8443");
    noJobLeftActive();
    startJob(""); // curl, BacktestClient: no Origin
  }

  private static String startJob(String extraHeader) throws Exception {
    String headers = "Content-Type: application/json; charset=utf-8";
    if (!extraHeader.isEmpty()) {
      headers += "\r\n" + extraHeader;
    }
    Answer a = send("POST", "/reports/backfill", own(), headers, BODY);
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return JSON.readTree(a.body()).get("id").asText();
  }

  private static JsonNode jobs() throws Exception {
    return JSON.readTree(cp.http().get("/reports/backfill/jobs").body());
  }

  /** One HTTP/1.1 exchange over a plain socket: the Host header is exactly {@code host}. */
  private static Answer send(String method, String path, String host, String headers, String body)
      throws Exception {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(host).append("\r\n");
    if (!headers.isEmpty()) {
      request.append(headers).append("\r\n");
    }
    if (body != null) {
      request.append("Content-Length: ").append(content.length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", cp.uri().getPort()), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String response = all.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int split = response.indexOf("\r\n\r\n");
      String head = response.substring(0, Math.max(split, 0)).toLowerCase(java.util.Locale.ROOT);
      String rest = split < 0 ? "" : response.substring(split + 4);
      return new Answer(status, head.contains("transfer-encoding: chunked") ? dechunk(rest) : rest);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int eol = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
