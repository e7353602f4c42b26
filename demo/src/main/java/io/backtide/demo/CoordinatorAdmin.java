package io.backtide.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The operator's side of the REST API that the demo needs: start a backfill and follow it. */
final class CoordinatorAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Optional<String> apiKey;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  CoordinatorAdmin(URI base, Optional<String> apiKey) {
    this.base = base;
    this.apiKey = apiKey;
  }

  /** Waits until {@code GET /health} answers 200, or fails after {@code timeout}. */
  void awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/health")).GET());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "control plane at " + base + " is not healthy after " + timeout + ": " + last);
  }

  /** Starts a backfill; when one is already active for the same feed, follows that one instead. */
  JobView startOrFollow(FeedKey feed, TimeRange range) throws IOException, InterruptedException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("source", feed.source());
    body.put("subject", feed.subject());
    body.put("kind", feed.kind().code());
    body.put("granularity", feed.granularity().code());
    body.put("start", range.start().toString());
    body.put("end", range.end().toString());
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(base.resolve("/reports/backfill"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    if (r.statusCode() == 201) {
      return JSON.readValue(r.body(), JobView.class);
    }
    if (r.statusCode() == 409) {
      Optional<JobView> active = activeJob();
      if (active.isPresent() && feed.toString().equals(active.get().feed())) {
        return active.get();
      }
    }
    throw new IllegalStateException(
        "POST /reports/backfill answered " + r.statusCode() + ": " + r.body());
  }

  JobView job(String id) throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(base.resolve("/reports/backfill/jobs/" + id)).GET());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET job " + id + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readValue(r.body(), JobView.class);
  }

  private Optional<JobView> activeJob() throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(base.resolve("/reports/backfill/jobs?limit=5")).GET());
    for (JsonNode node : JSON.readTree(r.body())) {
      JobView job = JSON.treeToValue(node, JobView.class);
      if (job.isActive()) {
        return Optional.of(job);
      }
    }
    return Optional.empty();
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    apiKey.ifPresent(k -> request.header("X-API-Key", k));
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ConnectException("cannot connect to the control plane at " + base + ": " + e);
    }
  }
}
