package io.backtide.jobs.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers' HTTP GET, with the retry handling every provider shares. One call is one request,
 * tried until it succeeds, fails permanently, or has failed continuously for the policy's {@code
 * maxOutage}:
 *
 * <ul>
 *   <li>5xx, 408, 429 and 418 are retried, waiting at least the answer's {@code Retry-After};
 *   <li>connection errors and timeouts are retried; the request's deadline covers the whole
 *       exchange (connect, headers and body), so a provider that stalls mid-body cannot hang a job;
 *   <li>a 200 whose body the {@link BodyReader} refuses ({@link MalformedBodyException}) is
 *       retried;
 *   <li>any other status (400 unknown symbol, 401, 403, 404) fails at once.
 * </ul>
 *
 * <p>Failures are {@link ProviderException}s with a one-line message naming the request (secrets
 * masked), the status and a body excerpt. Waits and requests in flight end promptly when the
 * calling thread is interrupted (a cancelled job). Thread-safe.
 */
public final class ProviderHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);

  /**
   * Turns a 200 body into a value (not null); throws {@link MalformedBodyException} to have the
   * request retried (a body that does not parse, a download whose checksum does not match).
   */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(byte[] body);
  }

  /** A provider's rate-limit manners around each request (Binance's weight header, say). */
  public interface Pacing {
    Pacing NONE =
        new Pacing() {
          @Override
          public void beforeRequest() {}

          @Override
          public void answered(HttpHeaders headers) {}
        };

    /** Waits, when needed, before a request goes out. */
    void beforeRequest() throws InterruptedException;

    /** Sees the headers of every answer, whatever its status. */
    void answered(HttpHeaders headers);

    /** This pacing, then {@code next}: a request waits for both. */
    default Pacing and(Pacing next) {
      Pacing first = this;
      return new Pacing() {
        @Override
        public void beforeRequest() throws InterruptedException {
          first.beforeRequest();
          next.beforeRequest();
        }

        @Override
        public void answered(HttpHeaders headers) {
          first.answered(headers);
          next.answered(headers);
        }
      };
    }
  }

  /** How often a download's progress is checked, and logged while it goes on. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final HttpClient client;
  private final RetryPolicy retry;
  private final Duration deadline;
  private final Clock clock;
  private final RetryListener listener;
  private final Pacing pacing;
  private final Sleeper sleeper;
  // Not RandomGenerator.getDefault(): it looks the algorithm up with ServiceLoader through the
  // context class loader, which finds nothing inside a Spark executor's task.
  private final RandomGenerator random = new SplittableRandom();

  public ProviderHttp(ProviderSettings settings, Pacing pacing, Sleeper sleeper) {
    this.deadline = settings.requestTimeout();
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(deadline)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.retry = settings.retry();
    this.clock = settings.clock();
    this.listener = settings.retryListener();
    this.pacing = pacing;
    this.sleeper = sleeper;
  }

  /** Plain GETs with the settings' retry policy, deadline and listener. */
  public static ProviderHttp create(ProviderSettings settings) {
    return new ProviderHttp(settings, Pacing.NONE, Sleeper.REAL);
  }

  /**
   * GETs {@code uri} and reads the 200 body with {@code reader}, retrying as described above.
   *
   * @throws ProviderException when the request fails permanently, outlasts the patience, or the
   *     thread is interrupted (the interrupt flag is then set again)
   */
  public <T> T get(URI uri, BodyReader<T> reader) {
    return get(uri, reader, false).orElseThrow();
  }

  /**
   * Like {@link #get}, but a 404 answer (not retried) is empty: for files that may not be published
   * (yet), such as an archive's day.
   */
  public <T> Optional<T> getIfFound(URI uri, BodyReader<T> reader) {
    return get(uri, reader, true);
  }

  /**
   * Like {@link #getIfFound}, but a 200 body goes to {@code target} as it arrives (each attempt
   * starts the file again), its sha256 computed on the way: for files too large to hold in memory.
   * The deadline then bounds the wait for the answer and each wait for more of its body, not the
   * whole body: a large file on a slow link arrives, a stalled one is retried (checked every {@link
   * #PROGRESS_EVERY} at most, with a line in the log on how far it has come). A file that cannot be
   * written (a full disk) fails at once, naming it. On a 404 nothing is written.
   */
  public Optional<Download> downloadIfFound(URI uri, Path target) {
    return retried(
        uri,
        request -> {
          FileBody body = new FileBody(target);
          return attempt(
              uri, request, body.handler(), body, FileBody.Received::errorBody, r -> r.download());
        },
        true);
  }

  private <T> Optional<T> get(URI uri, BodyReader<T> reader, boolean notFoundIsEmpty) {
    return retried(
        uri,
        request ->
            attempt(
                uri,
                request,
                HttpResponse.BodyHandlers.ofByteArray(),
                BodyProgress.NONE,
                b -> b,
                reader::read),
        notFoundIsEmpty);
  }

  /** How far an answer's body has come: for telling a slow download from a stalled one. */
  interface BodyProgress {
    BodyProgress NONE = () -> 0;

    /** The body's bytes so far. */
    long bytes();

    /** The body's length as the answer announced it, or -1. */
    default long length() {
      return -1;
    }
  }

  /** One try of a request, named {@code request} in messages. */
  private interface Attempt<T> {
    Result<T> run(String request);
  }

  private <T> Optional<T> retried(URI uri, Attempt<T> once, boolean notFoundIsEmpty) {
    String request = ProviderErrors.request(uri);
    Instant since = null;
    for (int attempt = 1; ; attempt++) {
      Result<T> result = once.run(request);
      Failure failure = result.failure;
      boolean notFound = failure != null && failure.status() != null && failure.status() == 404;
      if (failure == null || (notFound && notFoundIsEmpty)) {
        if (since != null) {
          LOG.info("{} answered after {} attempt(s)", request, attempt);
          listener.recovered();
        }
        return failure == null ? Optional.of(result.value) : Optional.empty();
      }
      Instant now = clock.instant();
      since = since == null ? now : since;
      Duration wait = waitBefore(request, failure, attempt, Duration.between(since, now));
      Instant next = now.plus(wait);
      LOG.warn("{}: {}; retrying in {} ms", request, failure.detail(), wait.toMillis());
      listener.retrying(new RetryStatus(request, failure.reason(), since, attempt, next));
      sleep(request, wait);
    }
  }

  /** How long to wait before trying again; throws when the request must not be tried again. */
  private Duration waitBefore(String request, Failure failure, int attempt, Duration outage) {
    if (!failure.retryable()) {
      throw ProviderErrors.failed(request, failure, attempt, outage, retry);
    }
    Duration remaining = retry.maxOutage().minus(outage);
    if (failure.retryAfter().isPresent()) {
      Duration asked = failure.retryAfter().get();
      if (!retry.allowsRetry(outage, asked)) {
        throw ProviderErrors.retryAfterTooLong(request, failure, asked, retry);
      }
      return asked;
    }
    if (remaining.isNegative() || remaining.isZero()) {
      throw ProviderErrors.failed(request, failure, attempt, outage, retry);
    }
    Duration backoff = retry.delayAfter(attempt, random);
    return backoff.compareTo(remaining) > 0 ? remaining : backoff;
  }

  /**
   * One request: its answer through {@code handler}, {@code progress} counting its body's bytes so
   * far, {@code errorBody} the bytes of an answer other than 200.
   */
  private <B, T> Result<T> attempt(
      URI uri,
      String request,
      HttpResponse.BodyHandler<B> handler,
      BodyProgress progress,
      Function<B, byte[]> errorBody,
      Function<B, T> reader) {
    HttpResponse<B> response;
    try {
      pacing.beforeRequest();
      response = exchange(uri, request, handler, progress);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderErrors.interrupted(request, e);
    } catch (TimeoutException e) {
      return Result.failed(Failure.deadline(deadline));
    } catch (IOException e) {
      return Result.failed(Failure.io(e, deadline));
    }
    pacing.answered(response.headers());
    if (response.statusCode() != 200) {
      return Result.failed(
          Failure.status(
              response.statusCode(),
              response.headers(),
              errorBody.apply(response.body()),
              clock.instant()));
    }
    try {
      return new Result<>(reader.apply(response.body()), null);
    } catch (MalformedBodyException e) {
      return Result.failed(Failure.malformed(e, errorBody.apply(response.body())));
    }
  }

  /**
   * One request ({@code name}: as messages name it, secrets masked) and its body, each deadline
   * bringing more of the body ({@code progress}; a body held in memory reports none, so the whole
   * exchange has one deadline). On a timeout or an interrupt the exchange is cancelled, which
   * closes its connection (a stalled body would otherwise hold it forever).
   */
  private <B> HttpResponse<B> exchange(
      URI uri, String name, HttpResponse.BodyHandler<B> handler, BodyProgress progress)
      throws IOException, InterruptedException, TimeoutException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline).GET().build();
    CompletableFuture<HttpResponse<B>> future = client.sendAsync(request, handler);
    long step = Math.min(deadline.toNanos(), PROGRESS_EVERY.toNanos());
    long started = System.nanoTime();
    long since = started;
    long seen = 0;
    try {
      while (true) {
        try {
          return future.get(step, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          long now = System.nanoTime();
          long bytes = progress.bytes();
          if (bytes != seen) {
            seen = bytes;
            since = now;
            logProgress(name, bytes, progress.length(), now - started);
          } else if (now - since >= deadline.toNanos()) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof ScratchWriteException w) {
          throw new ProviderException(w.getMessage(), null, w.getCause());
        }
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } finally {
      future.cancel(true);
    }
  }

  /** A line in the job log while a long download goes on: how far, how fast. */
  private static void logProgress(String request, long bytes, long length, long nanos) {
    LOG.info(
        "{}: {} MB{} so far, {} MB/s",
        request,
        megabytes(bytes),
        length > 0 ? " of " + megabytes(length) + " MB" : "",
        megabytes((long) (bytes / (nanos / 1e9))));
  }

  private static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6);
  }

  private void sleep(String request, Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderErrors.interrupted(request, e);
    }
  }

  private record Result<T>(T value, Failure failure) {
    static <T> Result<T> failed(Failure failure) {
      return new Result<>(null, failure);
    }
  }
}
