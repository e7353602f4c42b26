package io.backtide.backtest.internal;

import io.backtide.backtest.Tracker;
import java.util.Map;

/**
 * One replay and its metrics: what {@code BacktestRunner.run} does after reading, and what a sweep
 * task repeats for each parameter set, so that both give the same numbers.
 *
 * @param output the replay's rows and counts
 * @param metrics {@link Metrics#compute} over them, in report order
 */
public record ScoredReplay(ReplayOutput output, Map<String, Number> metrics) {

  /** Replays the chunks of {@code reader} through {@code tracker} and computes the metrics. */
  public static ScoredReplay run(Tracker tracker, CandleReader reader, ReplaySettings settings) {
    ReplayOutput out = Replay.run(tracker, reader, settings);
    return new ScoredReplay(out, Metrics.compute(out.rows(), out.tickFailures()));
  }

  /** Replays {@code data} through {@code tracker} and computes the metrics. */
  public static ScoredReplay run(Tracker tracker, CandleColumns data, ReplaySettings settings) {
    ReplayOutput out = Replay.run(tracker, data, settings);
    return new ScoredReplay(out, Metrics.compute(out.rows(), out.tickFailures()));
  }
}
