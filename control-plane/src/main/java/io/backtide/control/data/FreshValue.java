package io.backtide.control.data;

import java.util.function.Supplier;

/**
 * A value that every caller gets fresh, computed at most once per wave of concurrent callers: a
 * call returns the result of a computation that started after the call did, but callers that arrive
 * while one computation runs all share the next one (group commit). So a check that stats every
 * feed's files answers each request as if it had run just for it, while 50 concurrent requests pay
 * for about two checks instead of fifty.
 *
 * @param <T> the value
 */
final class FreshValue<T> {
  private final Supplier<T> compute;
  private final Object lock = new Object();
  private long started;
  private long finished;
  private boolean running;
  private T value;

  FreshValue(Supplier<T> compute) {
    this.compute = compute;
  }

  /**
   * The value of a computation that started after this call: runs it in the calling thread when
   * none runs, else waits for the next one. An exception from the computation reaches only the
   * caller that ran it; waiting callers then start another.
   */
  T get() {
    long target;
    synchronized (lock) {
      target = started + 1;
      while (finished < target) {
        if (!running) {
          running = true;
          started = target;
          break;
        }
        awaitChange();
      }
      if (finished >= target) {
        return value;
      }
    }
    return run(target);
  }

  private T run(long generation) {
    boolean done = false;
    T result = null;
    try {
      result = compute.get();
      done = true;
      return result;
    } finally {
      synchronized (lock) {
        running = false;
        if (done) {
          value = result;
          finished = generation;
        }
        lock.notifyAll();
      }
    }
  }

  private void awaitChange() {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a fresh value", e);
    }
  }
}
