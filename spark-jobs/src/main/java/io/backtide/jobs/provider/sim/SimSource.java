package io.backtide.jobs.provider.sim;

import io.backtide.core.Candle;
import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.SourceRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Synthetic, deterministic candles for demos, offline runs and benchmarks. The price is a function
 * of (seed, time) alone, a sum of hashed value-noise octaves whose amplitude grows with the square
 * root of their period (so it wanders like a random walk), which makes every page independent of
 * how the range was paged: a resumed run produces exactly the same rows. The close of a bar is the
 * open of the next. Always labelled {@code sim}; never a fallback for another provider.
 */
public final class SimSource implements CandleSource {
  public static final String NAME = "sim";
  private static final long[] PERIODS_S = {1, 10, 60, 600, 3_600, 21_600, 129_600, 604_800};
  private static final double SIGMA_PER_MINUTE = 0.0006;

  private final OptionalLong fixedSeed;

  public SimSource(OptionalLong seed) {
    this.fixedSeed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The seed used for {@code feed}: the fixed one, or a stable hash of the feed key. */
  public long seedFor(FeedKey feed) {
    return fixedSeed.orElseGet(() -> fnv1a(feed.toString()));
  }

  @Override
  public List<SourceRow> fetch(FeedKey feed, Instant from, Instant end, int limit) {
    long seed = seedFor(feed);
    long stepMs = feed.granularity().duration().toMillis();
    long first = Math.floorDiv(from.toEpochMilli() + stepMs - 1, stepMs) * stepMs;
    if (Instant.ofEpochMilli(first).isBefore(from)) {
      first += stepMs;
    }
    double base = basePrice(seed);
    List<SourceRow> rows = new ArrayList<>(Math.min(limit, 100_000));
    for (long t = first; t < end.toEpochMilli() && rows.size() < limit; t += stepMs) {
      rows.add(SourceRow.of(candle(feed.kind(), seed, base, t, stepMs)));
    }
    return rows;
  }

  private static Candle candle(FeedKind kind, long seed, double base, long tMs, long stepMs) {
    double open = round(base * Math.exp(logMove(seed, tMs)));
    double volume = round(10.0 * (0.2 + unit(seed, tMs, 7)) * Math.sqrt(stepMs / 1000.0));
    if (kind == FeedKind.TICK) {
      return Candle.trade(Instant.ofEpochMilli(tMs), open, volume);
    }
    double close = round(base * Math.exp(logMove(seed, tMs + stepMs)));
    double spread = SIGMA_PER_MINUTE * Math.sqrt(stepMs / 60_000.0);
    double high = round(Math.max(open, close) * (1 + spread * unit(seed, tMs, 3)));
    double low = round(Math.min(open, close) * (1 - spread * unit(seed, tMs, 5)));
    return new Candle(Instant.ofEpochMilli(tMs), open, high, low, close, volume);
  }

  /** Log-price offset at {@code tMs}: value noise, linear between hashed lattice points. */
  private static double logMove(long seed, long tMs) {
    double sum = 0;
    for (int octave = 0; octave < PERIODS_S.length; octave++) {
      long periodMs = PERIODS_S[octave] * 1000;
      long k = Math.floorDiv(tMs, periodMs);
      double frac = (double) (tMs - k * periodMs) / periodMs;
      double a = unit(seed, k, 100 + octave) - 0.5;
      double b = unit(seed, k + 1, 100 + octave) - 0.5;
      double amplitude = 2 * SIGMA_PER_MINUTE * Math.sqrt(PERIODS_S[octave] / 60.0);
      sum += amplitude * (a + (b - a) * frac);
    }
    return sum;
  }

  private static double basePrice(long seed) {
    return Math.pow(10, 1 + 3 * unit(seed, 0, 1));
  }

  /** A uniform number in [0, 1) from (seed, x, salt). */
  private static double unit(long seed, long x, int salt) {
    long h = mix(seed ^ mix(x * 0x9E3779B97F4A7C15L + salt));
    return (h >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }

  private static long fnv1a(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }
}
