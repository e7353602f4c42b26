package io.backtide.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DayNotesTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-01");
  private static final Instant T = Instant.parse("2024-03-01T00:00:00Z");

  private static TimeRange minutes(int from, int to) {
    return new TimeRange(T.plusSeconds(from * 60L), T.plusSeconds(to * 60L));
  }

  @Test
  void theAskedRangeIsCutToTheDay() {
    DayNotes notes =
        DayNotes.of(
            DAY,
            new TimeRange(T.minusSeconds(3600), T.plusSeconds(600)),
            Optional.empty(),
            List.of());

    assertThat(notes.fetched()).containsExactly(minutes(0, 10));
    assertThat(DayNotes.cut(DAY.plusDays(1), minutes(0, 10))).isEmpty();
  }

  @Test
  void unaskedRangesAreCutOutOfWhereMissingCandlesAreConfirmed() {
    DayNotes notes =
        DayNotes.of(
            DAY,
            minutes(60, 1440),
            Optional.empty(),
            List.of(minutes(100, 105), minutes(30, 70), minutes(1400, 1440), minutes(200, 201)));

    assertThat(notes.confirming())
        .containsExactly(minutes(70, 100), minutes(105, 200), minutes(201, 1400));
    assertThat(notes.wholeDayFetched(DAY)).isFalse();
  }

  @Test
  void withNothingUnaskedAllThatWasFetchedConfirms() {
    DayNotes notes =
        DayNotes.of(DAY, new TimeRange(T, T.plusSeconds(86_400)), Optional.empty(), List.of());

    assertThat(notes.confirming()).containsExactly(minutes(0, 1440));
    assertThat(notes.wholeDayFetched(DAY)).isTrue();
  }
}
