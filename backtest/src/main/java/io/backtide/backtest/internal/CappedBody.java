package io.backtide.backtest.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body written to {@code sink} as it arrives, never more than {@code maxBytes}: past the
 * cap the subscription is cancelled (which closes the connection) and the body either fails with
 * {@link TooLarge} or, for error bodies kept only for a message, ends truncated. {@link #abort}
 * cancels it from outside (the caller's deadline).
 */
final class CappedBody implements HttpResponse.BodySubscriber<Long> {

  /** The body went past the cap. */
  static final class TooLarge extends IOException {
    TooLarge(long maxBytes) {
      super("body is larger than " + maxBytes + " bytes");
    }
  }

  private final OutputStream sink;
  private final long maxBytes;
  private final boolean truncate;
  private final CompletableFuture<Long> result = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;
  private long received;

  private CappedBody(OutputStream sink, long maxBytes, boolean truncate) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.maxBytes = maxBytes;
    this.truncate = truncate;
  }

  /** Fails with {@link TooLarge} past {@code maxBytes}. */
  static CappedBody failingPast(OutputStream sink, long maxBytes) {
    return new CappedBody(sink, maxBytes, false);
  }

  /** Keeps the first {@code maxBytes} and ends normally. */
  static CappedBody truncatingAt(OutputStream sink, long maxBytes) {
    return new CappedBody(sink, maxBytes, true);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    try {
      for (ByteBuffer buffer : buffers) {
        if (!write(buffer)) {
          return;
        }
      }
    } catch (IOException e) {
      stop(e);
      return;
    }
    subscription.request(1);
  }

  /** False when the cap was reached and the body is over. */
  private boolean write(ByteBuffer buffer) throws IOException {
    int n = buffer.remaining();
    long room = maxBytes - received;
    if (n > room) {
      if (!truncate) {
        stop(new TooLarge(maxBytes));
        return false;
      }
      copy(buffer, (int) room);
      subscription.cancel();
      result.complete(received);
      return false;
    }
    copy(buffer, n);
    return true;
  }

  private void copy(ByteBuffer buffer, int n) throws IOException {
    byte[] chunk = new byte[n];
    buffer.get(chunk);
    sink.write(chunk);
    received += n;
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(received);
  }

  @Override
  public CompletionStage<Long> getBody() {
    return result;
  }

  /** Ends the body from outside: cancels the subscription and fails with {@code cause}. */
  void abort(IOException cause) {
    stop(cause);
  }

  private void stop(IOException cause) {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    result.completeExceptionally(cause);
  }
}
