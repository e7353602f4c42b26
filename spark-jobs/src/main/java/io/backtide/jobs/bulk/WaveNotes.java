package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.DayOrigin;
import io.backtide.jobs.publish.DayNotes;
import io.backtide.jobstore.BackfillChunk;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a wave knows of each day it publishes, as a single-feed job knows it: the part of the day
 * its chunks asked the provider for (a missing candle there is confirmed missing) and where the
 * rows came from, as the chunks' tasks reported it ({@code feed|day|origin}, see {@link
 * DayOrigin#toText()}; a day served by two chunks joins their origins).
 */
final class WaveNotes {
  private final List<BackfillChunk> wave;
  private final Map<String, DayOrigin> origins;

  private WaveNotes(List<BackfillChunk> wave, Map<String, DayOrigin> origins) {
    this.wave = List.copyOf(wave);
    this.origins = origins;
  }

  static WaveNotes of(List<BackfillChunk> wave, List<String> reports) {
    Map<String, DayOrigin> origins = new HashMap<>();
    for (String report : reports) {
      int at = report.lastIndexOf('|');
      origins.merge(
          report.substring(0, at), DayOrigin.fromText(report.substring(at + 1)), DayOrigin::and);
    }
    return new WaveNotes(wave, origins);
  }

  /** The notes of {@code feed}'s {@code day}; null when no chunk of the wave touched it. */
  DayNotes of(FeedKey feed, LocalDate day) {
    List<TimeRange> asked = new ArrayList<>();
    for (BackfillChunk c : wave) {
      if (c.feed().equals(feed)) {
        // the chunk's range cut to the day: none when they do not meet
        asked.addAll(DayNotes.of(day, c.range(), Optional.empty()).fetched());
      }
    }
    if (asked.isEmpty()) {
      return null;
    }
    return new DayNotes(Optional.ofNullable(origins.get(feed + "|" + day)), asked);
  }
}
