package io.backtide.backtest;

import java.io.Serializable;
import java.util.Map;

/**
 * Makes a fresh {@link Tracker} for one parameter set of a {@link BacktestSweep}.
 *
 * <p>A sweep runs on Spark executors, so the factory is serialized and shipped to them: a lambda or
 * a method reference works as long as everything it captures is serializable (capture values, not a
 * notebook's or a test's enclosing object). It is called once per parameter set, on the executor
 * that replays that set, and must return a new tracker each time.
 *
 * <pre>{@code
 * TrackerFactory factory =
 *     p -> new MovingAverageCrossTracker(Parameters.intValue(p, "fast"),
 *                                        Parameters.intValue(p, "slow"));
 * }</pre>
 */
@FunctionalInterface
public interface TrackerFactory extends Serializable {

  /**
   * A new tracker for {@code parameters}.
   *
   * @param parameters one set, exactly as given to the sweep (unmodifiable)
   * @return a tracker that no other set uses; an exception or {@code null} fails the sweep with a
   *     message that names the set
   */
  Tracker create(Map<String, Object> parameters);
}
