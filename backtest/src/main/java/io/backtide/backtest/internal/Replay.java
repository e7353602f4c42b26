package io.backtide.backtest.internal;

import io.backtide.backtest.GroundTruth;
import io.backtide.backtest.Outcome;
import io.backtide.backtest.Prediction;
import io.backtide.backtest.PredictionRow;
import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.Score;
import io.backtide.backtest.TickData;
import io.backtide.backtest.Tracker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay loop: {@code tick()} on every candle with the window ending at it, {@code predict()}
 * at the first full window and then whenever {@code predictEvery} has passed since the last
 * prediction, ground truth from the first candle at or after {@code ts + resolveAfter}.
 */
public final class Replay {

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

  private final Tracker tracker;
  private final CandleColumns data;
  private final ReplaySettings settings;
  private final PredictionScope scope;
  private final long everyMicros;
  private final long afterMicros;
  private final long lagMicros;
  private final List<PredictionRow> rows = new ArrayList<>();
  private int resolveCursor;
  private int tickFailures;
  private String firstTickFailure;

  private Replay(Tracker tracker, CandleColumns data, ReplaySettings settings) {
    this.tracker = tracker;
    this.data = data;
    this.settings = settings;
    this.scope = settings.scope();
    this.everyMicros = Micros.of(settings.predictEvery());
    this.afterMicros = Micros.of(settings.resolveAfter());
    this.lagMicros = Micros.of(settings.maxResolveLag());
  }

  /** Replays {@code data} through {@code tracker}. */
  public static ReplayOutput run(Tracker tracker, CandleColumns data, ReplaySettings settings) {
    return new Replay(tracker, data, settings).loop();
  }

  private ReplayOutput loop() {
    long started = System.nanoTime();
    long cpuStarted = cpuNanos();
    int n = data.size();
    int window = settings.window();
    String symbol = settings.symbol();
    long lastPrediction = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      int from = Math.max(0, i - window + 1);
      long ts = data.ts[i];
      tick(new TickData(symbol, Micros.toInstant(ts), data.window(from, i - from + 1)), i);
      boolean due = lastPrediction == Long.MIN_VALUE || ts - lastPrediction >= everyMicros;
      if (i + 1 >= window && due) {
        lastPrediction = ts;
        rows.add(predictAt(i));
      }
    }
    long loopNanos = System.nanoTime() - started;
    long loopCpu = cpuStarted < 0 ? -1 : cpuNanos() - cpuStarted;
    return new ReplayOutput(
        List.copyOf(rows),
        n,
        tickFailures,
        Optional.ofNullable(firstTickFailure),
        loopNanos,
        loopCpu);
  }

  private void tick(TickData data, int i) {
    try {
      tracker.tick(data);
    } catch (VirtualMachineError e) {
      throw BacktestErrors.fatalInUserCode("tracker.tick()", data.asOf(), i, e);
    } catch (Throwable e) {
      if (tickFailures++ == 0) {
        firstTickFailure = "tick at " + data.asOf() + " threw " + describe(e);
        LOG.warn("{}: {}", settings.symbol(), firstTickFailure, e);
      }
    }
  }

  private PredictionRow predictAt(int i) {
    Instant ts = Micros.toInstant(data.ts[i]);
    double entry = data.close[i];
    Prediction prediction;
    try {
      prediction = tracker.predict(scope);
    } catch (VirtualMachineError e) {
      throw BacktestErrors.fatalInUserCode("tracker.predict()", ts, i, e);
    } catch (Throwable e) {
      return failed(ts, Map.of(), entry, "tracker threw " + describe(e));
    }
    if (prediction == null) {
      return failed(ts, Map.of(), entry, "tracker returned null");
    }
    Map<String, Object> output = prediction.output();
    double value = prediction.signal().orElse(Double.NaN);
    int j = resolvingIndex(data.ts[i] + afterMicros);
    String unresolved = unresolvedReason(i, j);
    if (unresolved != null) {
      double resolved = j < data.size() ? data.close[j] : Double.NaN;
      return new PredictionRow(
          ts,
          output,
          value,
          entry,
          resolved,
          Double.NaN,
          Double.NaN,
          Outcome.UNRESOLVED,
          Optional.of(unresolved));
    }
    GroundTruth truth = GroundTruth.between(entry, data.close[j]);
    return scored(ts, i, prediction, value, truth);
  }

  private PredictionRow scored(Instant ts, int i, Prediction p, double value, GroundTruth truth) {
    Score score;
    try {
      score = settings.scorer().score(p, truth);
    } catch (VirtualMachineError e) {
      throw BacktestErrors.fatalInUserCode("the scorer", ts, i, e);
    } catch (Score.NotFinite e) {
      return row(ts, p, value, truth, Double.NaN, Outcome.FAILED, "scorer returned " + e.value());
    } catch (Throwable e) {
      return row(ts, p, value, truth, Double.NaN, Outcome.FAILED, "scorer threw " + describe(e));
    }
    if (score == null) {
      return row(ts, p, value, truth, Double.NaN, Outcome.FAILED, "scorer returned null");
    }
    if (!score.success()) {
      return row(
          ts,
          p,
          value,
          truth,
          Double.NaN,
          Outcome.FAILED,
          "scorer failed: " + score.failedReason().orElse(""));
    }
    return row(ts, p, value, truth, score.value(), Outcome.SCORED, null);
  }

  private static PredictionRow row(
      Instant ts, Prediction p, double value, GroundTruth t, double score, Outcome o, String why) {
    return new PredictionRow(
        ts,
        p.output(),
        value,
        t.entryPrice(),
        t.resolvedPrice(),
        t.ret(),
        score,
        o,
        Optional.ofNullable(why));
  }

  private static PredictionRow failed(
      Instant ts, Map<String, Object> output, double entry, String why) {
    return new PredictionRow(
        ts,
        output,
        Double.NaN,
        entry,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Outcome.FAILED,
        Optional.of(why));
  }

  /** First index with {@code ts >= target}; the cursor only moves forward. */
  private int resolvingIndex(long target) {
    while (resolveCursor < data.size() && data.ts[resolveCursor] < target) {
      resolveCursor++;
    }
    return resolveCursor;
  }

  private String unresolvedReason(int i, int j) {
    long target = data.ts[i] + afterMicros;
    if (j >= data.size()) {
      return "no candle at or after " + Micros.toInstant(target) + " in the data";
    }
    if (data.ts[j] - target > lagMicros) {
      return "data gap: the first candle at or after "
          + Micros.toInstant(target)
          + " is at "
          + Micros.toInstant(data.ts[j])
          + ", more than maxResolveLag "
          + settings.maxResolveLag()
          + " later";
    }
    if (!(data.close[i] > 0) || Double.isInfinite(data.close[i])) {
      return "entry price is missing (close "
          + data.close[i]
          + " at "
          + Micros.toInstant(data.ts[i])
          + ")";
    }
    if (!Double.isFinite(data.close[j])) {
      return "resolved price is missing (close "
          + data.close[j]
          + " at "
          + Micros.toInstant(data.ts[j])
          + ")";
    }
    return null;
  }

  private static long cpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
