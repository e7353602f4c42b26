package io.backtide.backtest.internal;

import io.backtide.backtest.Outcome;
import io.backtide.backtest.PredictionRow;
import io.backtide.core.Micros;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The metrics of "Metric definitions" in DESIGN.md, over the scored predictions in time order. Each
 * function takes plain arrays so that it can be checked against hand-computed tables.
 */
public final class Metrics {

  public static final Duration RECENT = Duration.ofHours(24);
  public static final Duration STEADY = Duration.ofHours(72);
  public static final Duration ANCHOR = Duration.ofHours(168);

  private Metrics() {}

  /**
   * Counts and metrics, in report order. Scored rows without a numeric signal count in the score
   * windows and the drawdown but not in the signal-based metrics.
   */
  public static Map<String, Number> compute(List<PredictionRow> rows, int tickFailures) {
    List<PredictionRow> scored = rows.stream().filter(PredictionRow::success).toList();
    long[] ts = scored.stream().mapToLong(r -> Micros.of(r.ts())).toArray();
    double[] score = scored.stream().mapToDouble(PredictionRow::score).toArray();
    List<PredictionRow> signalled = scored.stream().filter(r -> !Double.isNaN(r.value())).toList();
    double[] signal = signalled.stream().mapToDouble(PredictionRow::value).toArray();
    double[] actual = signalled.stream().mapToDouble(PredictionRow::ret).toArray();
    int[] counts = {
      rows.size(), scored.size(), count(rows, Outcome.UNRESOLVED), count(rows, Outcome.FAILED)
    };
    return report(ts, score, signal, actual, counts, tickFailures);
  }

  /**
   * As {@link #compute(List, int)}, straight from the columns (the same arrays, in the same order).
   */
  public static Map<String, Number> compute(PredictionColumns rows, int tickFailures) {
    int n = rows.size();
    int scored = 0;
    int signalled = 0;
    int[] counts = new int[Outcome.values().length];
    for (int k = 0; k < n; k++) {
      Outcome o = rows.outcome(k);
      counts[o.ordinal()]++;
      if (o == Outcome.SCORED) {
        scored++;
        signalled += Double.isNaN(rows.value(k)) ? 0 : 1;
      }
    }
    long[] ts = new long[scored];
    double[] score = new double[scored];
    double[] signal = new double[signalled];
    double[] actual = new double[signalled];
    for (int k = 0, i = 0, j = 0; k < n; k++) {
      if (rows.outcome(k) == Outcome.SCORED) {
        ts[i] = rows.tsMicros(k);
        score[i++] = rows.score(k);
        if (!Double.isNaN(rows.value(k))) {
          signal[j] = rows.value(k);
          actual[j++] = rows.ret(k);
        }
      }
    }
    int[] report = {
      n, scored, counts[Outcome.UNRESOLVED.ordinal()], counts[Outcome.FAILED.ordinal()]
    };
    return report(ts, score, signal, actual, report, tickFailures);
  }

  private static Map<String, Number> report(
      long[] ts, double[] score, double[] signal, double[] actual, int[] counts, int tickFailures) {
    // the two rank-based metrics take most of the time: one runs on another core (or here, when
    // the common pool's threads are busy)
    ForkJoinTask<Double> sharpe = ForkJoinPool.commonPool().submit(() -> icSharpe(signal, actual));
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("score_recent", windowMean(ts, score, RECENT));
    m.put("score_steady", windowMean(ts, score, STEADY));
    m.put("score_anchor", windowMean(ts, score, ANCHOR));
    m.put("ic", spearman(signal, actual));
    m.put("ic_sharpe", sharpe.join());
    m.put("hit_rate", hitRate(signal, actual));
    m.put("mean_return", meanReturn(signal, actual));
    m.put("max_drawdown", maxDrawdown(score));
    m.put("sortino_ratio", sortino(signal, actual));
    m.put("turnover", turnover(signal));
    m.put("predictions", counts[0]);
    m.put("scored", counts[1]);
    m.put("unresolved", counts[2]);
    m.put("failed", counts[3]);
    m.put("tick_failures", tickFailures);
    return m;
  }

  /** Mean of {@code score} over {@code ts >= anchor - window}, anchor = last ts; 0 when empty. */
  public static double windowMean(long[] tsMicros, double[] score, Duration window) {
    int n = tsMicros.length;
    if (n == 0) {
      return 0.0;
    }
    long from = tsMicros[n - 1] - Micros.of(window);
    double sum = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (tsMicros[i] >= from) {
        sum += score[i];
        k++;
      }
    }
    return sum / k;
  }

  /** Spearman rank correlation with average ranks for ties; 0 when n < 2 or a series is flat. */
  public static double spearman(double[] a, double[] b) {
    if (a.length < 2) {
      return 0.0;
    }
    Ranks ranks = new Ranks(); // one set of scratch arrays for both series
    double[] ra = new double[a.length];
    double[] rb = new double[b.length];
    ranks.rank(a, 0, a.length, ra);
    ranks.rank(b, 0, b.length, rb);
    return pearson(ra, rb);
  }

  /**
   * IC per consecutive chunk of {@code max(2, n / max(3, n / 10))} (trailing partial chunk
   * dropped), then mean / population std; 0 when fewer than 2 chunks or std < 1e-12. The chunks'
   * ranks reuse one set of arrays: a year of 1m is ~52,000 chunks, and two copies and six rank
   * arrays per chunk were ~37 MB of fresh memory.
   */
  public static double icSharpe(double[] signal, double[] actual) {
    int n = signal.length;
    int chunk = Math.max(2, n / Math.max(3, n / 10));
    int chunks = n / chunk;
    if (chunks < 2) {
      return 0.0;
    }
    double[] ics = new double[chunks];
    Ranks ranks = new Ranks();
    double[] ra = new double[chunk];
    double[] rb = new double[chunk];
    for (int c = 0; c < chunks; c++) {
      ranks.rank(signal, c * chunk, chunk, ra);
      ranks.rank(actual, c * chunk, chunk, rb);
      ics[c] = pearson(ra, rb);
    }
    double mean = mean(ics);
    double var = 0;
    for (double x : ics) {
      var += (x - mean) * (x - mean);
    }
    double std = Math.sqrt(var / chunks);
    return std < 1e-12 ? 0.0 : mean / std;
  }

  /** Fraction of rows with {@code sign(signal) == sign(actual)}; 0 when empty. */
  public static double hitRate(double[] signal, double[] actual) {
    if (signal.length == 0) {
      return 0.0;
    }
    int hits = 0;
    for (int i = 0; i < signal.length; i++) {
      if (Math.signum(signal[i]) == Math.signum(actual[i])) {
        hits++;
      }
    }
    return (double) hits / signal.length;
  }

  /** Mean of {@code sign(signal) * actual}; 0 when empty. */
  public static double meanReturn(double[] signal, double[] actual) {
    return signal.length == 0 ? 0.0 : mean(strategyReturns(signal, actual));
  }

  /** Minimum of (cumulative score - running peak, peak starting at 0); 0 when n < 2. */
  public static double maxDrawdown(double[] score) {
    if (score.length < 2) {
      return 0.0;
    }
    double cumulative = 0;
    double peak = 0;
    double worst = 0;
    for (double s : score) {
      cumulative += s;
      peak = Math.max(peak, cumulative);
      worst = Math.min(worst, cumulative - peak);
    }
    return worst;
  }

  /** {@code mean(r) / sqrt(mean(min(r,0)^2))}; 0 when n < 2 or no negative return. */
  public static double sortino(double[] signal, double[] actual) {
    if (signal.length < 2) {
      return 0.0;
    }
    double[] r = strategyReturns(signal, actual);
    double downside = 0;
    boolean anyNegative = false;
    for (double x : r) {
      if (x < 0) {
        downside += x * x;
        anyNegative = true;
      }
    }
    return anyNegative ? mean(r) / Math.sqrt(downside / r.length) : 0.0;
  }

  /** Mean of {@code |signal[t] - signal[t-1]|}; 0 when n < 2. */
  public static double turnover(double[] signal) {
    if (signal.length < 2) {
      return 0.0;
    }
    double sum = 0;
    for (int i = 1; i < signal.length; i++) {
      sum += Math.abs(signal[i] - signal[i - 1]);
    }
    return sum / (signal.length - 1);
  }

  /** See {@link Ranks#of(double[])}. */
  static double[] ranks(double[] x) {
    return Ranks.of(x);
  }

  private static double pearson(double[] a, double[] b) {
    double ma = mean(a);
    double mb = mean(b);
    double cov = 0;
    double va = 0;
    double vb = 0;
    for (int i = 0; i < a.length; i++) {
      cov += (a[i] - ma) * (b[i] - mb);
      va += (a[i] - ma) * (a[i] - ma);
      vb += (b[i] - mb) * (b[i] - mb);
    }
    return va < 1e-24 || vb < 1e-24 ? 0.0 : cov / Math.sqrt(va * vb);
  }

  private static double[] strategyReturns(double[] signal, double[] actual) {
    double[] r = new double[signal.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.signum(signal[i]) * actual[i];
    }
    return r;
  }

  private static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  private static int count(List<PredictionRow> rows, Outcome outcome) {
    return (int) rows.stream().filter(r -> r.outcome() == outcome).count();
  }
}
