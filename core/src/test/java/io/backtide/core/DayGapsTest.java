package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DayGapsTest {
  static final LocalDate DAY = LocalDate.parse("2026-01-01");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant NEXT = Instant.parse("2026-01-02T00:00:00Z");

  @Test
  void missingMinutesBecomeMergedRunsNotOneLineEach() {
    long[] present = minutesExcept(600, 605, 1430, 1440);

    List<Gap> gaps = DayGaps.of(Granularity.M1, DAY, present, T0, NEXT);

    assertThat(gaps)
        .containsExactly(
            new Gap("2026-01-01T10:00:00Z", "2026-01-01T10:05:00Z", 5, true),
            new Gap("2026-01-01T23:50:00Z", "2026-01-02T00:00:00Z", 10, true));
  }

  @Test
  void aRunIsCutWhereTheFetchedPartOfTheDayEnds() {
    long[] present = minutesExcept(0, 0, 1200, 1440);

    List<Gap> gaps = DayGaps.of(Granularity.M1, DAY, present, T0, T0.plusSeconds(1320 * 60));

    assertThat(gaps)
        .containsExactly(
            new Gap("2026-01-01T20:00:00Z", "2026-01-01T22:00:00Z", 120, true),
            new Gap("2026-01-01T22:00:00Z", "2026-01-02T00:00:00Z", 120, false));
  }

  @Test
  void everyFetchedRangeConfirmsWhatItCovers() {
    long[] present = minutesExcept(0, 60, 0, 0);
    List<TimeRange> asked =
        List.of(
            new TimeRange(T0, T0.plusSeconds(600)),
            new TimeRange(T0.plusSeconds(1800), T0.plusSeconds(3600)));

    assertThat(DayGaps.of(Granularity.M1, DAY, present, asked))
        .containsExactly(
            new Gap("2026-01-01T00:00:00Z", "2026-01-01T00:10:00Z", 10, true),
            new Gap("2026-01-01T00:10:00Z", "2026-01-01T00:30:00Z", 20, false),
            new Gap("2026-01-01T00:30:00Z", "2026-01-01T01:00:00Z", 30, true));
  }

  @Test
  void aWholeDayHasNoGap() {
    assertThat(DayGaps.of(Granularity.M1, DAY, minutesExcept(0, 0, 0, 0), T0, NEXT)).isEmpty();
  }

  @Test
  void adjacentGapsOfTheSameKindJoin() {
    Gap a = new Gap("2026-01-01T23:50:00Z", "2026-01-02T00:00:00Z", 10, true);
    Gap b = new Gap("2026-01-02T00:00:00Z", "2026-01-02T00:03:00Z", 3, true);
    assertThat(a.joinedWith(b))
        .contains(new Gap("2026-01-01T23:50:00Z", "2026-01-02T00:03:00Z", 13, true));
    assertThat(a.joinedWith(new Gap(b.start(), b.end(), 3, false))).isEmpty();
  }

  /** The day's minutes in epoch µs, except [a, b) and [c, d) (minute numbers). */
  private static long[] minutesExcept(int a, int b, int c, int d) {
    return LongStream.range(0, 1440)
        .filter(m -> !(m >= a && m < b) && !(m >= c && m < d))
        .map(m -> (T0.getEpochSecond() + m * 60) * 1_000_000L)
        .toArray();
  }
}
