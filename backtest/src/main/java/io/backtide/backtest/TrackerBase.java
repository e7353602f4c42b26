package io.backtide.backtest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A convenient base for trackers: remembers the latest {@link TickData} per subject, so that {@link
 * #predict} only has to look it up. Subclasses that override {@link #tick} must call {@code
 * super.tick(data)}.
 */
public abstract class TrackerBase implements Tracker {

  /** The latest data of the subjects other than {@link #current}'s. */
  private final Map<String, TickData> latest = new HashMap<>();

  /**
   * The data of the last tick. A run ticks one subject candle after candle, so the map is written
   * only when the subject changes: a map update per candle was a fifth of the replay loop's time.
   */
  private TickData current;

  @Override
  public void tick(TickData data) {
    TickData before = current;
    if (before != null && !before.symbol().equals(data.symbol())) {
      latest.put(before.symbol(), before);
    }
    current = data;
  }

  /** The latest data received for {@code subject}; empty before its first tick. */
  protected Optional<TickData> latest(String subject) {
    TickData now = current;
    if (now != null && now.symbol().equals(subject)) {
      return Optional.of(now);
    }
    return Optional.ofNullable(latest.get(subject));
  }
}
