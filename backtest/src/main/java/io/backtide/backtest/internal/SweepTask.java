package io.backtide.backtest.internal;

import io.backtide.backtest.Tracker;
import io.backtide.backtest.TrackerFactory;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * One Spark task of a sweep: makes the tracker of one parameter set and replays the broadcast
 * candles through it with the runner's own {@link ScoredReplay}.
 */
public final class SweepTask implements Function<Integer, SweepOutcome> {

  private static final long serialVersionUID = 1L;

  private final TrackerFactory factory;
  private final List<Map<String, Object>> sets;
  private final ReplaySettings settings;
  private final Broadcast<CandleColumns> candles;

  public SweepTask(
      TrackerFactory factory,
      List<Map<String, Object>> sets,
      ReplaySettings settings,
      Broadcast<CandleColumns> candles) {
    this.factory = factory;
    this.sets = sets;
    this.settings = settings;
    this.candles = candles;
  }

  @Override
  public SweepOutcome call(Integer set) {
    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
    Tracker tracker;
    try {
      tracker = factory.create(sets.get(set));
    } catch (RuntimeException e) {
      return failed(set, executor, "threw " + e);
    }
    if (tracker == null) {
      return failed(set, executor, "returned null");
    }
    ScoredReplay scored = ScoredReplay.run(tracker, candles.value(), settings);
    return new SweepOutcome(
        set,
        scored.metrics(),
        scored.output().candles(),
        scored.output().loopNanos(),
        executor,
        Fingerprint.stableName(tracker.getClass()),
        null);
  }

  private static SweepOutcome failed(int set, String executor, String why) {
    return new SweepOutcome(set, Map.of(), 0, 0, executor, null, why);
  }
}
