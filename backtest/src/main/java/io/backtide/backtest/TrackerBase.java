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

  private final Map<String, TickData> latest = new HashMap<>();

  @Override
  public void tick(TickData data) {
    latest.put(data.symbol(), data);
  }

  /** The latest data received for {@code subject}; empty before its first tick. */
  protected Optional<TickData> latest(String subject) {
    return Optional.ofNullable(latest.get(subject));
  }
}
