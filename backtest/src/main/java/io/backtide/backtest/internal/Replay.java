package io.backtide.backtest.internal;

import io.backtide.backtest.GroundTruth;
import io.backtide.backtest.Outcome;
import io.backtide.backtest.Prediction;
import io.backtide.backtest.PredictionScope;
import io.backtide.backtest.Score;
import io.backtide.backtest.TickData;
import io.backtide.backtest.Tracker;
import io.backtide.core.Micros;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay loop: {@code tick()} on every candle with the window ending at it, {@code predict()}
 * at the first full window and then whenever {@code predictEvery} has passed since the last
 * prediction, ground truth from the first candle at or after {@code ts + resolveAfter}.
 *
 * <p>Candles arrive in chunks (each with the previous chunk's last {@code window - 1} candles in
 * front), so a prediction waits in a queue until its resolving candle arrives; the queue is in
 * target order because targets are prediction times plus a constant.
 */
public final class Replay {

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

  private final Tracker tracker;
  private final ReplaySettings settings;
  private final PredictionScope scope;
  private final long everyMicros;
  private final long afterMicros;
  private final long lagMicros;
  private final int window;
  private final String symbol;
  private final PredictionColumns rows = new PredictionColumns();
  private final PendingPredictions pending = new PendingPredictions();
  private long candles;
  private long lastPrediction = Long.MIN_VALUE;
  private int tickFailures;
  private String firstTickFailure;

  private Replay(Tracker tracker, ReplaySettings settings) {
    this.tracker = tracker;
    this.settings = settings;
    this.scope = settings.scope();
    this.everyMicros = Micros.of(settings.predictEvery());
    this.afterMicros = Micros.of(settings.resolveAfter());
    this.lagMicros = Micros.of(settings.maxResolveLag());
    this.window = settings.window();
    this.symbol = settings.symbol();
  }

  /** Replays the chunks of {@code reader} through {@code tracker}. */
  public static ReplayOutput run(Tracker tracker, CandleReader reader, ReplaySettings settings) {
    return new Replay(tracker, settings).loop(reader::next, reader::carried);
  }

  /** Replays candles that are all in memory (a sweep's broadcast copy). */
  public static ReplayOutput run(Tracker tracker, CandleColumns data, ReplaySettings settings) {
    CandleColumns[] once = {data};
    Supplier<CandleColumns> next =
        () -> {
          CandleColumns c = once[0];
          once[0] = null;
          return c;
        };
    return new Replay(tracker, settings).loop(next, () -> 0);
  }

  private ReplayOutput loop(Supplier<CandleColumns> chunks, IntSupplier carried) {
    long loopNanos = 0;
    long loopCpu = 0;
    for (CandleColumns chunk = chunks.get(); chunk != null; chunk = chunks.get()) {
      long started = System.nanoTime();
      long cpuStarted = cpuNanos();
      replay(chunk, carried.getAsInt());
      loopNanos += System.nanoTime() - started;
      loopCpu = cpuStarted < 0 || loopCpu < 0 ? -1 : loopCpu + cpuNanos() - cpuStarted;
    }
    while (!pending.isEmpty()) {
      long target = pending.ts() + afterMicros;
      unresolved(Double.NaN, "no candle at or after " + Micros.toInstant(target) + " in the data");
      pending.removeFirst();
    }
    return new ReplayOutput(
        rows,
        Math.toIntExact(candles),
        tickFailures,
        Optional.ofNullable(firstTickFailure),
        loopNanos,
        loopCpu);
  }

  /**
   * Candles {@code [from, size)} of {@code data}; those before {@code from} were replayed. The work
   * per candle is its own method ({@link #step}), which the JIT compiles like any method called
   * often; this loop runs once per chunk, so it could only be compiled on the stack (OSR). Its
   * share of the faster first replay was not measured apart from the smaller allocation's.
   */
  private void replay(CandleColumns data, int from) {
    int n = data.size();
    for (int i = from; i < n; i++) {
      step(data, i);
    }
  }

  /** Candle {@code i}: resolves what it can, ticks, and predicts when one is due. */
  private void step(CandleColumns data, int i) {
    long ts = data.ts[i];
    while (!pending.isEmpty() && pending.ts() + afterMicros <= ts) {
      resolve(data, i);
      pending.removeFirst();
    }
    int first = Math.max(0, i - window + 1);
    tick(new TickData(symbol, data.window(first, i - first + 1)));
    boolean due = lastPrediction == Long.MIN_VALUE || ts - lastPrediction >= everyMicros;
    if (candles + 1 >= window && due) {
      lastPrediction = ts;
      predict(ts, data.close[i]);
    }
    candles++;
  }

  private void tick(TickData data) {
    try {
      tracker.tick(data);
    } catch (VirtualMachineError e) {
      throw BacktestErrors.fatalInUserCode("tracker.tick()", data.asOf(), candles, e);
    } catch (Throwable e) {
      if (tickFailures++ == 0) {
        firstTickFailure = "tick at " + data.asOf() + " threw " + describe(e);
        LOG.warn("{}: {}", settings.symbol(), firstTickFailure, e);
      }
    }
  }

  private void predict(long ts, double entry) {
    int slot = rows.add(ts);
    Prediction prediction;
    try {
      prediction = tracker.predict(scope);
    } catch (VirtualMachineError e) {
      throw BacktestErrors.fatalInUserCode("tracker.predict()", Micros.toInstant(ts), candles, e);
    } catch (Throwable e) {
      failed(slot, entry, "tracker threw " + describe(e));
      return;
    }
    if (prediction == null) {
      failed(slot, entry, "tracker returned null");
      return;
    }
    double value = prediction.signal().orElse(Double.NaN);
    pending.add(slot, ts, candles, prediction, value, entry);
  }

  /**
   * Resolves the oldest waiting prediction against candle {@code j}, the first at or after its
   * target.
   */
  private void resolve(CandleColumns data, int j) {
    long target = pending.ts() + afterMicros;
    double closeJ = data.close[j];
    if (data.ts[j] - target > lagMicros) {
      unresolved(
          closeJ,
          "data gap: the first candle at or after "
              + Micros.toInstant(target)
              + " is at "
              + Micros.toInstant(data.ts[j])
              + ", more than maxResolveLag "
              + settings.maxResolveLag()
              + " later");
    } else if (!(pending.entry() > 0) || Double.isInfinite(pending.entry())) {
      unresolved(
          closeJ,
          "entry price is missing (close "
              + pending.entry()
              + " at "
              + Micros.toInstant(pending.ts())
              + ")");
    } else if (!Double.isFinite(closeJ)) {
      unresolved(
          closeJ,
          "resolved price is missing (close "
              + closeJ
              + " at "
              + Micros.toInstant(data.ts[j])
              + ")");
    } else {
      scored(GroundTruth.between(pending.entry(), closeJ));
    }
  }

  private void scored(GroundTruth truth) {
    Score score;
    try {
      score = settings.scorer().score(pending.prediction(), truth);
    } catch (VirtualMachineError e) {
      throw BacktestErrors.fatalInUserCode(
          "the scorer", Micros.toInstant(pending.ts()), pending.index(), e);
    } catch (Score.NotFinite e) {
      set(truth, Double.NaN, Outcome.FAILED, "scorer returned " + e.value());
      return;
    } catch (Throwable e) {
      set(truth, Double.NaN, Outcome.FAILED, "scorer threw " + describe(e));
      return;
    }
    if (score == null) {
      set(truth, Double.NaN, Outcome.FAILED, "scorer returned null");
    } else if (!score.success()) {
      set(truth, Double.NaN, Outcome.FAILED, "scorer failed: " + score.failedReason().orElse(""));
    } else {
      set(truth, score.value(), Outcome.SCORED, null);
    }
  }

  private void set(GroundTruth t, double score, Outcome o, String why) {
    rows.set(
        pending.slot(),
        pending.prediction().output(),
        pending.value(),
        t.entryPrice(),
        t.resolvedPrice(),
        t.ret(),
        score,
        o,
        why);
  }

  private void unresolved(double resolved, String why) {
    rows.set(
        pending.slot(),
        pending.prediction().output(),
        pending.value(),
        pending.entry(),
        resolved,
        Double.NaN,
        Double.NaN,
        Outcome.UNRESOLVED,
        why);
  }

  private void failed(int slot, double entry, String why) {
    rows.set(
        slot, null, Double.NaN, entry, Double.NaN, Double.NaN, Double.NaN, Outcome.FAILED, why);
  }

  private static long cpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
