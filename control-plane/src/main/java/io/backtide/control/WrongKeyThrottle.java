package io.backtide.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows key guessing per client address: the first {@value #FREE_FAILURES} wrong keys are answered
 * at once; each further wrong key within a minute of the previous one blocks the address for 1 s,
 * then 2 s, 4 s, ... up to 60 s, during which its requests get 429 without the key being checked. A
 * right key, or a minute without a wrong one once the address may try again, clears it.
 */
final class WrongKeyThrottle {
  static final int FREE_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final Duration MAX_DELAY = Duration.ofSeconds(60);
  private static final int MAX_ADDRESSES = 10_000;

  /** {@code blockedUntil} is the last wrong key's time when it did not block. */
  private record Failures(int count, Instant blockedUntil) {}

  private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
  private final Clock clock;

  WrongKeyThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long {@code address} must still wait, or empty when it may try a key. */
  Optional<Duration> blocked(String address) {
    Failures f = byAddress.get(address);
    if (f == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), f.blockedUntil());
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  void failed(String address) {
    Instant now = clock.instant();
    if (byAddress.size() >= MAX_ADDRESSES) {
      byAddress.values().removeIf(f -> stale(f, now));
    }
    byAddress.compute(
        address,
        (a, f) -> {
          int count = f == null || stale(f, now) ? 1 : f.count() + 1;
          Instant until = count > FREE_FAILURES ? now.plus(delay(count - FREE_FAILURES)) : now;
          return new Failures(count, until);
        });
  }

  void succeeded(String address) {
    byAddress.remove(address);
  }

  /** 1 s for the first wrong key over the free ones, doubling, at most {@link #MAX_DELAY}. */
  static Duration delay(int over) {
    return over > 6 ? MAX_DELAY : Duration.ofSeconds(Math.min(1L << (over - 1), 60));
  }

  private static boolean stale(Failures f, Instant now) {
    return now.isAfter(f.blockedUntil().plus(WINDOW));
  }
}
