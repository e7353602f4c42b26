package io.backtide.jobs.provider.binance;

import io.backtide.jobs.provider.ProviderException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Downloads the archive files the job will read next while it reads the current one, on {@value
 * #FILES} daemon threads: a download waits on the network (and, against the real host, on its
 * latency) while parsing a file is CPU work, so one after the other the job's fetching is their
 * sum. A file is named by a key (its day or month); {@link #want} says which files come next, in
 * order, and {@link #take} hands one over, downloading it on the caller's thread when it was not
 * asked ahead. A download started ahead behaves as one made inline: its retries, its verification
 * and its failure, which reaches the job when (and only when) it takes that file. Used by the job's
 * fetching thread; {@link #close} may come from another.
 */
final class ArchiveAhead {
  /** Files downloaded ahead of the one being read, at most. */
  static final int FILES = 3;

  private final Map<Object, Future<Optional<ArchiveFile>>> started = new LinkedHashMap<>();
  private ExecutorService pool;
  private boolean closed;

  /**
   * The files the job will read next, in order: those not started yet are started (up to {@value
   * #FILES} in all); any started earlier and no longer wanted (a day the job will skip, a month the
   * archive does not have) is cancelled.
   */
  synchronized void want(Map<Object, Supplier<Optional<ArchiveFile>>> next) {
    if (closed) {
      return;
    }
    for (Iterator<Map.Entry<Object, Future<Optional<ArchiveFile>>>> it =
            started.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<Object, Future<Optional<ArchiveFile>>> e = it.next();
      if (!next.containsKey(e.getKey())) {
        discard(e.getValue());
        it.remove();
      }
    }
    for (Map.Entry<Object, Supplier<Optional<ArchiveFile>>> e : next.entrySet()) {
      if (started.size() >= FILES) {
        break;
      }
      Supplier<Optional<ArchiveFile>> download = e.getValue();
      started.computeIfAbsent(e.getKey(), k -> pool().submit(download::get));
    }
  }

  /**
   * The file {@code key}: the download started ahead, else {@code download} run here. Empty: not
   * published.
   *
   * @throws ProviderException as the download would inline; when interrupted, every download ahead
   *     is cancelled
   */
  Optional<ArchiveFile> take(Object key, Supplier<Optional<ArchiveFile>> download) {
    Future<Optional<ArchiveFile>> ahead;
    synchronized (this) {
      ahead = started.remove(key);
    }
    if (ahead == null) {
      return download.get();
    }
    try {
      return ahead.get();
    } catch (InterruptedException e) {
      cancelAll();
      Thread.currentThread().interrupt();
      throw new ProviderException(
          "interrupted while downloading the archive file of " + key, null, e);
    } catch (CancellationException e) {
      return download.get();
    } catch (ExecutionException e) {
      cancelAll();
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ProviderException(
          "downloading the archive file of " + key + " failed: " + e.getCause(), null, e);
    }
  }

  /**
   * Cancels every download ahead and starts none again: the source is closed, perhaps while its
   * fetching thread still runs (a job that failed or was cancelled).
   */
  synchronized void close() {
    closed = true;
    cancelAll();
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** Cancels every download ahead (a cancelled job, a failed one). */
  synchronized void cancelAll() {
    started.values().forEach(ArchiveAhead::discard);
    started.clear();
  }

  /** Cancels a download, or deletes its file when it has ended. */
  private static void discard(Future<Optional<ArchiveFile>> download) {
    if (download.cancel(true) || download.isCancelled()) {
      return;
    }
    try {
      download.get().ifPresent(ArchiveFile::delete);
    } catch (ExecutionException | InterruptedException e) {
      // a failed download left no file; get() on an ended future does not wait
    }
  }

  private ExecutorService pool() {
    if (pool == null) {
      // Idle threads end: a source that is done (or dropped) leaves no thread behind.
      ThreadPoolExecutor threads =
          new ThreadPoolExecutor(
              FILES,
              FILES,
              10,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "archive-download");
                t.setDaemon(true);
                return t;
              });
      threads.allowCoreThreadTimeOut(true);
      pool = threads;
    }
    return pool;
  }
}
