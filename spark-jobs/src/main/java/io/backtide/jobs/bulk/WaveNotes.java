package io.backtide.jobs.bulk;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.DayOrigin;
import io.backtide.jobs.publish.DayNotes;
import io.backtide.jobstore.BackfillChunk;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a wave knows of each day it publishes, as a single-feed job knows it: the part of the day
 * its chunks asked the provider for (a missing candle there is confirmed missing, unless the source
 * left it unasked) and where the rows came from, as the chunks' tasks reported it ({@link #report};
 * a day served by two chunks joins their origins).
 */
final class WaveNotes {
  private final List<BackfillChunk> wave;
  private final Map<String, DayOrigin> origins;
  private final Map<String, List<TimeRange>> unasked;

  private WaveNotes(
      List<BackfillChunk> wave,
      Map<String, DayOrigin> origins,
      Map<String, List<TimeRange>> unasked) {
    this.wave = List.copyOf(wave);
    this.origins = origins;
    this.unasked = unasked;
  }

  /**
   * A task's report of one day: {@code feed|day|origin|unasked}, the origin as {@link
   * DayOrigin#toText()} (empty when unknown), the unasked ranges as {@code start/end} joined by
   * {@code ,}.
   */
  static String report(
      String feed, LocalDate day, Optional<DayOrigin> origin, List<TimeRange> unasked) {
    return feed
        + "|"
        + day
        + "|"
        + origin.map(DayOrigin::toText).orElse("")
        + "|"
        + unasked.stream().map(r -> r.start() + "/" + r.end()).collect(Collectors.joining(","));
  }

  static WaveNotes of(List<BackfillChunk> wave, List<String> reports) {
    Map<String, DayOrigin> origins = new HashMap<>();
    Map<String, List<TimeRange>> unasked = new HashMap<>();
    for (String report : reports) {
      String[] parts = report.split("\\|", -1);
      String key = parts[0] + "|" + parts[1];
      if (!parts[2].isEmpty()) {
        origins.merge(key, DayOrigin.fromText(parts[2]), DayOrigin::and);
      }
      if (!parts[3].isEmpty()) {
        for (String range : parts[3].split(",")) {
          int slash = range.indexOf('/');
          unasked
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(
                  new TimeRange(
                      Instant.parse(range.substring(0, slash)),
                      Instant.parse(range.substring(slash + 1))));
        }
      }
    }
    return new WaveNotes(wave, origins, unasked);
  }

  /** The notes of {@code feed}'s {@code day}; null when no chunk of the wave touched it. */
  DayNotes of(FeedKey feed, LocalDate day) {
    List<TimeRange> asked = new ArrayList<>();
    for (BackfillChunk c : wave) {
      if (c.feed().equals(feed)) {
        asked.addAll(DayNotes.cut(day, c.range()));
      }
    }
    if (asked.isEmpty()) {
      return null;
    }
    String key = feed + "|" + day;
    return new DayNotes(
        Optional.ofNullable(origins.get(key)), asked, unasked.getOrDefault(key, List.of()));
  }
}
