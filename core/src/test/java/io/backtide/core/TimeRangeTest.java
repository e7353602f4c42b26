package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeRangeTest {

  @ParameterizedTest
  @CsvSource({
    "2026-01-01, 2026-01-01T00:00:00Z",
    "2026-01-01T12:30:00Z, 2026-01-01T12:30:00Z",
    "2026-01-01T12:30:00, 2026-01-01T12:30:00Z",
    "2026-01-01T12:30, 2026-01-01T12:30:00Z",
    "2026-01-01T12:30:00+02:00, 2026-01-01T10:30:00Z",
    "2026-01-01T12:30:00-05:00, 2026-01-01T17:30:00Z",
    "2026-01-01T12:30:00.123456Z, 2026-01-01T12:30:00.123456Z",
  })
  void acceptsDatesAndIsoWithOrWithoutOffset(String text, String expected) {
    assertThat(TimeRange.parseInstant("start", text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2026-13-01", "01/02/2026", "yesterday", "2026-01-01 12:00", "1700000000"})
  void rejectsOtherFormsQuotingInputAndAcceptedForms(String text) {
    assertThatThrownBy(() -> TimeRange.parseInstant("start", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot parse start '" + text + "'")
        .hasMessageContaining("YYYY-MM-DD")
        .hasMessageContaining("ISO-8601");
  }

  @Test
  void missingValueNamesTheField() {
    assertThatThrownBy(() -> TimeRange.parse("2026-01-01", null))
        .hasMessageContaining("end is missing");
  }

  @Test
  void startMustBeBeforeEnd() {
    assertThatThrownBy(() -> TimeRange.parse("2026-01-02", "2026-01-01"))
        .hasMessageContaining("start 2026-01-02T00:00:00Z must be before end 2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> TimeRange.parse("2026-01-01", "2026-01-01"))
        .hasMessageContaining("must be before end");
  }

  @Test
  void daysCoverEveryTouchedUtcDayButNotTheEndMidnight() {
    assertThat(TimeRange.parse("2026-01-01", "2026-01-03").days())
        .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02"));
    assertThat(TimeRange.parse("2026-01-01T23:00:00Z", "2026-01-02T00:00:01Z").days())
        .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02"));
  }
}
