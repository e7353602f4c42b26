package io.backtide.backtest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One GET that always returns: an overall deadline covers the headers and the whole body, and the
 * body goes to a sink as it arrives, cut off past a cap. {@link HttpRequest#timeout} alone only
 * bounds the wait for the headers, and {@code BodyHandlers.ofByteArray()} holds any body in memory.
 */
public final class BoundedGet {

  /** How much of a non-200 body is kept for the error message. */
  static final int ERROR_BODY_BYTES = 4096;

  private final HttpClient http;
  private final Duration timeout;

  public BoundedGet(HttpClient http, Duration timeout) {
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive, got " + timeout);
    }
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * The status, headers and final URI of the answer; on 200 the body went to {@code sink},
   * otherwise its first {@value #ERROR_BODY_BYTES} bytes are in {@code errorBody}.
   */
  public record Answer(int status, HttpHeaders headers, URI uri, byte[] errorBody) {}

  /**
   * Sends {@code request} and writes a 200 body to {@code sink}.
   *
   * @throws io.backtide.backtest.BacktestException naming the URL when the deadline passes, the
   *     body is larger than {@code maxBytes}, the connection fails, or the thread is interrupted
   */
  public Answer fetch(HttpRequest.Builder request, OutputStream sink, long maxBytes, String cap) {
    HttpRequest built = request.timeout(timeout).build();
    URI url = built.uri();
    AtomicReference<CappedBody> current = new AtomicReference<>();
    ByteArrayOutputStream errorBody = new ByteArrayOutputStream();
    HttpResponse.BodyHandler<Long> handler =
        info -> {
          CappedBody body =
              info.statusCode() == 200
                  ? CappedBody.failingPast(sink, maxBytes)
                  : CappedBody.truncatingAt(errorBody, ERROR_BODY_BYTES);
          current.set(body);
          return body;
        };
    CompletableFuture<HttpResponse<Long>> future = http.sendAsync(built, handler);
    try {
      HttpResponse<Long> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Answer(
          response.statusCode(), response.headers(), response.uri(), errorBody.toByteArray());
    } catch (TimeoutException e) {
      cancel(future, current, new HttpTimeoutException("deadline of " + timeout + " passed"));
      throw BacktestErrors.deadline(url, timeout);
    } catch (InterruptedException e) {
      cancel(future, current, new IOException("interrupted"));
      throw BacktestErrors.interrupted(url, e);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof CappedBody.TooLarge) {
        throw BacktestErrors.tooLarge(url, maxBytes, cap);
      }
      throw BacktestErrors.unreachable(
          url, cause instanceof Exception ex ? ex : new IOException(cause));
    }
  }

  private static void cancel(
      CompletableFuture<?> future, AtomicReference<CappedBody> current, IOException why) {
    CappedBody body = current.get();
    if (body != null) {
      body.abort(why);
    }
    future.cancel(true);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
