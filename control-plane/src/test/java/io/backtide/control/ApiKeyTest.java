package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.control.testing.RecordingLauncher;
import io.backtide.control.testing.RunningControlPlane;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** With API_KEY set, every admin route needs the key; data stays public unless asked. */
class ApiKeyTest {
  private static final String KEY = "s3cret-key-42";
  private static final String VALID_BODY =
      """
      {"source": "sim", "subject": "BTCUSDT", "kind": "candle", "granularity": "1m",
       "start": "2026-01-01", "end": "2026-01-02"}""";
  private static RunningControlPlane cp;

  @BeforeAll
  static void start() {
    cp = RunningControlPlane.builder().apiKey(KEY).launcher(s -> new RecordingLauncher()).start();
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  record Route(String method, String path, String body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Method, path and body of each admin route. */
  static List<Route> adminRoutes() {
    String id = "6f1c2b9e-0000-4000-8000-000000000000";
    return List.of(
        new Route("GET", "/reports/backfill/feeds", ""),
        new Route("GET", "/reports/backfill/jobs", ""),
        new Route("GET", "/reports/backfill/jobs/" + id, ""),
        new Route("POST", "/reports/backfill/jobs/" + id + "/cancel", ""),
        new Route("POST", "/reports/backfill", VALID_BODY));
  }

  private static HttpResponse<String> call(Route route, String... headers) {
    return call(cp, route, headers);
  }

  private static HttpResponse<String> call(
      RunningControlPlane target, Route route, String... headers) {
    return "GET".equals(route.method())
        ? target.http().get(route.path(), headers)
        : target.http().post(route.path(), route.body(), headers);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adminRoutes")
  void adminRouteWithoutKeyIs401(Route route) {
    HttpResponse<String> r = call(route);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"error\":\"unauthorized\"").contains("X-API-Key");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adminRoutes")
  void adminRouteWithWrongKeyIs401(Route route) {
    // Its own control plane: wrong keys from one address are throttled after a few
    // (WrongKeyThrottle, tested in HttpHardeningTest), and these would add up on the shared one.
    try (var fresh =
        RunningControlPlane.builder().apiKey(KEY).launcher(s -> new RecordingLauncher()).start()) {
      HttpResponse<String> wrongHeader = call(fresh, route, "X-API-Key", KEY + "x");
      HttpResponse<String> wrongBearer = call(fresh, route, "Authorization", "Bearer nope");
      assertThat(wrongHeader.statusCode()).isEqualTo(401);
      assertThat(wrongHeader.body()).contains("the API key is wrong").doesNotContain(KEY);
      assertThat(wrongBearer.statusCode()).isEqualTo(401);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adminRoutes")
  void adminRouteWithEitherAcceptedHeaderPasses(Route route) {
    HttpResponse<String> viaHeader = call(route, "X-API-Key", KEY);
    cp.database().execute("DELETE FROM backfill_jobs");
    HttpResponse<String> viaBearer = call(route, "Authorization", "Bearer " + KEY);
    cp.database().execute("DELETE FROM backfill_jobs");
    assertThat(viaHeader.statusCode()).as(viaHeader.body()).isNotEqualTo(401).isLessThan(500);
    assertThat(viaBearer.statusCode()).as(viaBearer.body()).isEqualTo(viaHeader.statusCode());
  }

  @Test
  void dataRoutesAndHealthArePublicByDefault() {
    assertThat(cp.http().get("/data/backfill/index").statusCode()).isEqualTo(200);
    assertThat(cp.http().get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void dataRoutesNeedTheKeyWhenReadAuthIsOn() {
    try (var locked =
        RunningControlPlane.builder()
            .apiKey(KEY)
            .env("API_READ_AUTH", "true")
            .launcher(s -> new RecordingLauncher())
            .start()) {
      assertThat(locked.http().get("/data/backfill/index").statusCode()).isEqualTo(401);
      assertThat(
              locked
                  .http()
                  .get("/data/backfill/sim/BTCUSDT/candle/1m/2026-01-01.parquet")
                  .statusCode())
          .isEqualTo(401);
      assertThat(locked.http().head("/data/backfill/index").statusCode()).isEqualTo(401);
      assertThat(locked.http().get("/data/backfill/index", "X-API-Key", KEY).statusCode())
          .isEqualTo(200);
      assertThat(locked.http().head("/data/backfill/index", "X-API-Key", KEY).statusCode())
          .isEqualTo(200);
      assertThat(locked.http().get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theKeyIsMaskedWhenTheConfigurationIsPrinted() {
    assertThat(cp.config().toString()).contains("API_KEY=****").doesNotContain(KEY);
  }
}
