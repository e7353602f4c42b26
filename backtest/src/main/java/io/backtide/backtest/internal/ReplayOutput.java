package io.backtide.backtest.internal;

import java.util.Optional;

/**
 * What one replay produced.
 *
 * @param rows one row per prediction, in time order
 * @param candles number of candles replayed
 * @param tickFailures number of {@code tick()} calls that threw
 * @param firstTickFailure the first of those, described
 * @param loopNanos wall time of the replay loop alone
 * @param loopCpuNanos CPU time of the replay loop's thread (robust to a busy machine), or -1
 */
public record ReplayOutput(
    PredictionColumns rows,
    int candles,
    int tickFailures,
    Optional<String> firstTickFailure,
    long loopNanos,
    long loopCpuNanos) {}
