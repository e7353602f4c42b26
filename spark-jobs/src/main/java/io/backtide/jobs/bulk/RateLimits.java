package io.backtide.jobs.bulk;

import io.backtide.core.Provider;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Requests per minute per provider that a whole bulk run may send, summed over every executor:
 * {@code binance=1200,sim=0} (0 or absent: no limit). With {@code slots} tasks fetching at once,
 * each task gets {@code limit / slots}, so the sum never exceeds the limit whatever the cluster's
 * size. (Binance counts weight: a klines page of up to 1000 rows weighs 2, so its 6000 weight per
 * minute is 3000 requests per minute; keep a margin for other clients of the same IP.)
 */
public record RateLimits(Map<String, Double> perMinute) implements Serializable {
  public RateLimits {
    perMinute = Map.copyOf(perMinute);
  }

  public static RateLimits none() {
    return new RateLimits(Map.of());
  }

  /**
   * Parses {@code provider=requestsPerMinute[,...]}.
   *
   * @throws IllegalArgumentException naming {@code --rate-limit} and the bad part
   */
  public static RateLimits parse(String text) {
    Map<String, Double> out = new HashMap<>();
    if (text == null || text.isBlank()) {
      return none();
    }
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "--rate-limit '" + part.trim() + "' is not provider=requestsPerMinute");
      }
      try {
        Provider.of(kv[0].trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--rate-limit " + e.getMessage(), e);
      }
      double limit;
      try {
        limit = Double.parseDouble(kv[1].trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (!(limit >= 0) || Double.isInfinite(limit)) {
        throw new IllegalArgumentException(
            "--rate-limit '" + kv[1].trim() + "' for " + kv[0].trim() + " is not a number >= 0");
      }
      out.put(kv[0].trim(), limit);
    }
    return new RateLimits(out);
  }

  /** One task's share when {@code slots} tasks fetch at once; empty when unlimited. */
  public OptionalDouble perTask(String provider, int slots) {
    Double limit = perMinute.get(provider);
    if (limit == null || limit == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(limit / Math.max(1, slots));
  }
}
