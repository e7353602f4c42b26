package io.backtide.jobs.provider.binance;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.backtide.jobs.provider.ProviderException;
import io.backtide.jobs.provider.RetryPolicy;
import io.backtide.jobs.provider.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET with Binance's manners: paces by the used-weight header, waits out 429/418 for {@code
 * Retry-After}, retries 5xx, timeouts and connection errors with backoff and jitter, and gives up
 * with a {@link ProviderException} that quotes the status and the body.
 */
final class BinanceHttp {
  private static final Logger LOG = LoggerFactory.getLogger(BinanceHttp.class);
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
  static final int EXCERPT_CHARS = 200;

  private final HttpClient client;
  private final RetryPolicy retry;
  private final Duration timeout;
  private final WeightGovernor governor;
  private final Sleeper sleeper;
  // Not RandomGenerator.getDefault(): it looks the algorithm up with ServiceLoader through the
  // context class loader, which finds nothing inside a Spark executor's task.
  private final RandomGenerator random = new SplittableRandom();

  BinanceHttp(RetryPolicy retry, Duration timeout, WeightGovernor governor, Sleeper sleeper) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.retry = retry;
    this.timeout = timeout;
    this.governor = governor;
    this.sleeper = sleeper;
  }

  /** The body of a 200 answer to {@code uri}. */
  byte[] get(URI uri) {
    for (int attempt = 1; ; attempt++) {
      Attempt result = attempt(uri);
      if (result.body != null) {
        return result.body;
      }
      if (!result.retryable || !retry.allowsAnother(attempt)) {
        throw new ProviderException(result.describe(uri, attempt), result.status, result.cause);
      }
      int done = attempt;
      Duration wait = result.retryAfter.orElseGet(() -> retry.delayAfter(done, random));
      LOG.warn("{}: {}; retrying in {} ms", uri.getPath(), result.summary(), wait.toMillis());
      sleep(wait);
    }
  }

  private Attempt attempt(URI uri) {
    try {
      governor.pace();
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      governor.observe(response.headers().firstValue("X-MBX-USED-WEIGHT-1M").orElse(null));
      return Attempt.of(response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted while fetching " + uri, null, e);
    } catch (IOException e) {
      return Attempt.failed(e);
    }
  }

  private void sleep(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted while waiting to retry", null, e);
    }
  }

  /** The outcome of one request. */
  private record Attempt(
      byte[] body,
      Integer status,
      String excerpt,
      boolean retryable,
      Optional<Duration> retryAfter,
      IOException cause) {

    static Attempt of(HttpResponse<byte[]> response) {
      int status = response.statusCode();
      if (status == 200) {
        return new Attempt(response.body(), status, "", false, Optional.empty(), null);
      }
      boolean limited = status == 429 || status == 418;
      Optional<Duration> after =
          limited
              ? Optional.of(
                  response
                      .headers()
                      .firstValue("Retry-After")
                      .flatMap(Attempt::seconds)
                      .orElse(DEFAULT_RETRY_AFTER))
              : Optional.empty();
      boolean retryable = limited || status >= 500;
      return new Attempt(
          null, status, BinanceHttp.excerpt(response.body()), retryable, after, null);
    }

    static Attempt failed(IOException e) {
      return new Attempt(null, null, "", true, Optional.empty(), e);
    }

    static Optional<Duration> seconds(String header) {
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    String summary() {
      return status == null
          ? cause.getClass().getSimpleName() + " " + cause.getMessage()
          : "HTTP " + status + " " + excerpt;
    }

    String describe(URI uri, int attempts) {
      return "GET "
          + uri.getPath()
          + "?"
          + uri.getRawQuery()
          + " failed after "
          + attempts
          + " attempt(s): "
          + (status == null
              ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
              : "HTTP " + status + ", body: " + excerpt);
    }
  }

  static String excerpt(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, EXCERPT_CHARS * 4), UTF_8).strip();
    text = text.replaceAll("\\s+", " ");
    return text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "..." : text;
  }
}
