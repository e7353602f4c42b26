package io.backtide.jobs.backfill;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches batches on one background thread while the job commits, at most {@code depth} batches
 * ahead (bounded memory). When the committer falls behind (it waits for the Spark warm-up before
 * its first commit, for instance), the batches waiting for it are handed over as one, so it catches
 * up in one commit instead of one per batch. A batch that ends the feed, a cancel request or a
 * failure always ends a hand-over; batches fetched before them are still committed.
 */
final class FetchAhead implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FetchAhead.class);

  /** Fetches the batch that starts at {@code at}, the page counter standing at {@code pages}. */
  interface Source {
    Fetched fetch(Instant at, long pages);
  }

  /**
   * One fetched batch and where the cursor stands after it; {@code last} when the feed is done,
   * {@code cancelled} when a cancel request stopped the fetching (the batch is then discarded).
   */
  record Fetched(Batch batch, Instant at, long pages, boolean last, boolean cancelled) {
    /** This batch followed by {@code next} (the next batch in time: they share no row). */
    Fetched then(Fetched next) {
      batch.append(next.batch);
      return new Fetched(batch, next.at, next.pages, next.last, false);
    }
  }

  /** What the queue carries: a batch, or the failure that ended the fetching. */
  private record Item(Fetched fetched, RuntimeException failure) {}

  private final BlockingQueue<Item> ready;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread t = new Thread(task, "backfill-fetcher");
            t.setDaemon(true);
            return t;
          });
  private final Future<?> task;
  private volatile boolean cancelled;
  private volatile Fetched lastHandedOver;
  private final Instant from;
  private final long pagesFrom;
  private Item held;

  private FetchAhead(Source source, Instant from, long pages, int depth) {
    this.from = from;
    this.pagesFrom = pages;
    this.ready = new ArrayBlockingQueue<>(depth);
    this.task = thread.submit(() -> produce(source, from, pages));
  }

  static FetchAhead start(Source source, Instant from, long pages, int depth) {
    return new FetchAhead(source, from, pages, depth);
  }

  /**
   * Waits for the next batch and appends the batches already waiting behind it, up to {@code
   * maxRows} rows in all. Throws the fetcher's failure when that is next.
   */
  Fetched next(long maxRows) {
    if (cancelled) {
      return queuedOrCancelled();
    }
    Item first = held != null ? held : take();
    held = null;
    if (first.failure != null) {
      throw first.failure;
    }
    Fetched merged = first.fetched;
    while (!merged.last() && !merged.cancelled()) {
      Item more = ready.poll();
      if (more == null) {
        break;
      }
      if (more.failure != null
          || more.fetched.cancelled()
          || merged.batch().size() + more.fetched.batch().size() > maxRows) {
        held = more;
        break;
      }
      merged = merged.then(more.fetched);
    }
    lastHandedOver = merged;
    return merged;
  }

  /**
   * Stops fetching at once, interrupting a page in flight (a provider that stalls, or a long wait
   * to retry). Batches fetched whole before the cancel are still handed over (one per call); then
   * {@link #next} (or the one waiting now) hands over a cancelled batch. The batch being fetched is
   * dropped: it is never committed.
   */
  void cancel() {
    cancelled = true;
    task.cancel(true);
  }

  /** After a cancel: a batch fetched whole before it, still committed; then the cancel. */
  private Fetched queuedOrCancelled() {
    Item item = held != null ? held : ready.poll();
    held = null;
    if (item != null && item.failure == null && !item.fetched.cancelled()) {
      lastHandedOver = item.fetched;
      return item.fetched;
    }
    return cancelledAt();
  }

  private Fetched cancelledAt() {
    Fetched last = lastHandedOver;
    return last == null
        ? new Fetched(new Batch(), from, pagesFrom, false, true)
        : new Fetched(new Batch(), last.at(), last.pages(), false, true);
  }

  private Item take() {
    try {
      while (true) {
        Item item = ready.poll(200, TimeUnit.MILLISECONDS);
        if (cancelled) {
          boolean whole = item != null && item.failure == null && !item.fetched.cancelled();
          return whole ? item : new Item(cancelledAt(), null);
        }
        if (item != null) {
          return item;
        }
        if (task.isDone()) {
          task.get();
          throw new IllegalStateException("the backfill fetcher stopped without a last batch");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackfillErrors.interrupted();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the backfill fetcher thread failed", e.getCause());
    }
  }

  private void produce(Source source, Instant from, long pages) {
    Instant at = from;
    long counted = pages;
    try {
      while (true) {
        Item item;
        try {
          item = new Item(source.fetch(at, counted), null);
        } catch (RuntimeException e) {
          ready.put(new Item(null, e));
          return;
        }
        ready.put(item);
        if (item.fetched.last() || item.fetched.cancelled()) {
          return;
        }
        at = item.fetched.at();
        counted = item.fetched.pages();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the fetcher (interrupting a page in flight) and waits for it. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the backfill fetcher thread did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
