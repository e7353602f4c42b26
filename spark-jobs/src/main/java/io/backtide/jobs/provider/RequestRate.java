package io.backtide.jobs.provider;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most {@code perMinute} requests a minute, evenly spaced: each request waits for its slot, the
 * slot before it plus {@code 60 s / perMinute} (the first goes at once). A bulk job's share of a
 * cluster-wide {@code --rate-limit}, applied to the provider's API requests only: an archive file
 * is not under the exchange's rate limit. Retries take slots too. Thread-safe: slots are handed out
 * in order, and each caller waits for its own outside the lock.
 */
public final class RequestRate implements ProviderHttp.Pacing {
  private final long intervalNanos;
  private final LongSupplier nanos;
  private final Sleeper sleeper;
  private boolean started;
  private long nextSlot;

  public RequestRate(double perMinute, Sleeper sleeper) {
    this(perMinute, System::nanoTime, sleeper);
  }

  RequestRate(double perMinute, LongSupplier nanos, Sleeper sleeper) {
    if (!(perMinute > 0)) {
      throw new IllegalArgumentException("requests per minute " + perMinute + " must be positive");
    }
    this.intervalNanos = (long) (60e9 / perMinute);
    this.nanos = nanos;
    this.sleeper = sleeper;
  }

  @Override
  public void beforeRequest() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = nanos.getAsLong();
      long slot = started && nextSlot - now > 0 ? nextSlot : now;
      started = true;
      nextSlot = slot + intervalNanos;
      wait = slot - now;
    }
    sleeper.sleep(Duration.ofNanos(wait));
  }

  @Override
  public void answered(java.net.http.HttpHeaders headers) {}
}
