package io.backtide.jobs.provider;

import io.backtide.core.Sha256;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One download's body: a 200 answer's bytes go to a file as they arrive, with their sha256 computed
 * on the way, so that a file of hundreds of megabytes is never in memory and is read once; any
 * other answer's (small) body is kept as bytes for the error message. {@link #bytes()} tells how
 * far the body has come, so the caller can tell a slow download from a stalled one. Writing the
 * file (a full disk, a missing folder) fails the download with a {@link ScratchWriteException}. One
 * instance per attempt.
 */
final class FileBody implements ProviderHttp.BodyProgress {
  private final Path target;
  private final AtomicLong bytes = new AtomicLong();
  private volatile long length = -1;

  /** The outcome: a downloaded file, or the body of an answer other than 200. */
  record Received(Download download, byte[] errorBody) {}

  FileBody(Path target) {
    this.target = target;
  }

  @Override
  public long bytes() {
    return bytes.get();
  }

  @Override
  public long length() {
    return length;
  }

  HttpResponse.BodyHandler<Received> handler() {
    return info -> {
      length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      return info.statusCode() == 200
          ? new ToFile()
          : HttpResponse.BodySubscribers.mapping(
              HttpResponse.BodySubscribers.ofByteArray(), b -> new Received(null, b));
    };
  }

  /** Writes the body to {@code target}, truncating what an earlier attempt left there. */
  private final class ToFile implements HttpResponse.BodySubscriber<Received> {
    private final CompletableFuture<Received> done = new CompletableFuture<>();
    private final MessageDigest sha256 = Sha256.digest();
    private Flow.Subscription subscription;
    private FileChannel out;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      try {
        out =
            FileChannel.open(
                target,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
      } catch (IOException e) {
        fail(e);
        return;
      }
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (done.isDone()) {
        return; // failed writing: the rest of the body is dropped
      }
      try {
        for (ByteBuffer b : buffers) {
          sha256.update(b.duplicate());
          int n = b.remaining();
          while (b.hasRemaining()) {
            out.write(b);
          }
          bytes.addAndGet(n);
        }
      } catch (IOException e) {
        fail(e);
        return;
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      closeQuietly();
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      try {
        out.close();
        Download d = new Download(target, bytes.get(), Sha256.hex(sha256));
        done.complete(new Received(d, null));
      } catch (IOException e) {
        fail(e);
      }
    }

    @Override
    public CompletionStage<Received> getBody() {
      return done;
    }

    private void fail(IOException e) {
      subscription.cancel();
      closeQuietly();
      done.completeExceptionally(new ScratchWriteException(target, e));
    }

    private void closeQuietly() {
      try {
        if (out != null) {
          out.close();
        }
      } catch (IOException ignored) {
        // the write's own error is the one reported
      }
    }
  }
}
