package io.backtide.backtest.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The two coordinator routes the library reads: the index and one daily file. */
public final class CoordinatorHttp {

  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Optional<String> apiKey;

  public CoordinatorHttp(URI base, HttpClient http) {
    this(base, http, Optional.empty());
  }

  /** With an API key, sent as {@code X-API-Key} (for coordinators with protected data routes). */
  public CoordinatorHttp(URI base, HttpClient http, Optional<String> apiKey) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    String text = Objects.requireNonNull(base, "coordinator").toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.http = Objects.requireNonNull(http, "http");
  }

  public CoordinatorHttp withApiKey(String key) {
    return new CoordinatorHttp(base, http, Optional.of(key));
  }

  public URI base() {
    return base;
  }

  public CoordinatorIndex index() {
    URI url = base.resolve("data/backfill/index");
    // The index grows with every published day (3 MB at 10,000 files); it compresses ~6x.
    byte[] body = get(url, true);
    try {
      return JSON.readValue(body, CoordinatorIndex.class);
    } catch (IOException e) {
      throw BacktestErrors.badIndex(url, e);
    }
  }

  /** Downloads the file at the index's relative {@code path}. */
  public byte[] file(String path) {
    return get(fileUrl(path), false);
  }

  public URI fileUrl(String path) {
    return base.resolve("data/backfill/" + path);
  }

  private byte[] get(URI url, boolean acceptGzip) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET();
    apiKey.ifPresent(key -> request.header("X-API-Key", key));
    if (acceptGzip) {
      request.header("Accept-Encoding", "gzip");
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw BacktestErrors.unreachable(url, e);
    } catch (InterruptedException e) {
      throw BacktestErrors.interrupted(url, e);
    }
    if (response.statusCode() != 200) {
      throw BacktestErrors.badStatus(
          url, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    }
    boolean gzipped =
        response
            .headers()
            .firstValue("Content-Encoding")
            .filter("gzip"::equalsIgnoreCase)
            .isPresent();
    return gzipped ? gunzip(url, response.body()) : response.body();
  }

  private static byte[] gunzip(URI url, byte[] body) {
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw BacktestErrors.badIndex(url, e);
    }
  }
}
