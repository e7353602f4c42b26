package io.backtide.jobs.provider.binance;

import io.backtide.jobs.provider.ProviderHttp;
import io.backtide.jobs.provider.Sleeper;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Keeps the request weight under Binance's per-minute limit. Every answer carries {@code
 * X-MBX-USED-WEIGHT-1M}, the weight used so far in the current minute; once it reaches the soft
 * limit (90 % of the hard one), the next request waits for the next minute, when the window resets.
 */
final class WeightGovernor implements ProviderHttp.Pacing {
  static final int BINANCE_LIMIT_PER_MINUTE = 6000;

  private final int softLimit;
  private final Clock clock;
  private final Sleeper sleeper;
  private int usedWeight;
  private Instant observedMinute = Instant.EPOCH;

  WeightGovernor(int limitPerMinute, Clock clock, Sleeper sleeper) {
    if (limitPerMinute < 1) {
      throw new IllegalArgumentException("weight limit " + limitPerMinute + " must be positive");
    }
    this.softLimit = limitPerMinute * 9 / 10;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Records the weight header of an answer (ignored when absent or not a number). */
  synchronized void observe(String usedWeightHeader) {
    if (usedWeightHeader == null) {
      return;
    }
    try {
      usedWeight = Integer.parseInt(usedWeightHeader.trim());
      observedMinute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    } catch (NumberFormatException e) {
      // A proxy may mangle headers; pacing then falls back to 429 handling.
    }
  }

  /** How long the next request must wait; zero while under the soft limit. */
  synchronized Duration waitBeforeNext() {
    Instant now = clock.instant();
    if (usedWeight < softLimit || now.truncatedTo(ChronoUnit.MINUTES).isAfter(observedMinute)) {
      return Duration.ZERO;
    }
    Instant nextMinute = observedMinute.plus(1, ChronoUnit.MINUTES);
    return Duration.between(now, nextMinute).plusMillis(50);
  }

  @Override
  public void answered(HttpHeaders headers) {
    observe(headers.firstValue("X-MBX-USED-WEIGHT-1M").orElse(null));
  }

  /** Waits, when needed, before a request. */
  @Override
  public void beforeRequest() throws InterruptedException {
    Duration wait = waitBeforeNext();
    if (!wait.isZero()) {
      sleeper.sleep(wait);
    }
  }
}
