package io.backtide.jobs.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.DayOrigin;
import io.backtide.jobs.publish.DayNotes;
import io.backtide.jobstore.BackfillChunk;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WaveNotesTest {
  private static final FeedKey FEED = FeedKey.parse("binance/BTCUSDT/candle/1m");
  private static final LocalDate DAY = LocalDate.parse("2024-03-01");
  private static final Instant T = Instant.parse("2024-03-01T00:00:00Z");

  @Test
  void aTasksOriginAndUnaskedRangesReachTheDaysNotes() {
    TimeRange first = new TimeRange(T.plusSeconds(600), T.plusSeconds(900));
    TimeRange second = new TimeRange(T.plusSeconds(7200), T.plusSeconds(7260));
    BackfillChunk chunk =
        BackfillChunk.planned(UUID.randomUUID(), FEED, new TimeRange(T, T.plusSeconds(86_400 * 2)));

    WaveNotes notes =
        WaveNotes.of(
            List.of(chunk),
            List.of(
                WaveNotes.report(
                    FEED.toString(),
                    DAY,
                    Optional.of(DayOrigin.archive("ab12")),
                    List.of(first, second)),
                WaveNotes.report(
                    FEED.toString(), DAY.plusDays(1), Optional.of(DayOrigin.REST), List.of())));

    DayNotes day = notes.of(FEED, DAY);
    assertThat(day.origin()).contains(DayOrigin.archive("ab12"));
    assertThat(day.fetched()).containsExactly(new TimeRange(T, T.plusSeconds(86_400)));
    assertThat(day.unasked()).containsExactly(first, second);
    DayNotes next = notes.of(FEED, DAY.plusDays(1));
    assertThat(next.origin()).contains(DayOrigin.REST);
    assertThat(next.unasked()).isEmpty();
    assertThat(notes.of(FEED, DAY.plusDays(2))).as("no chunk touched it").isNull();
  }

  @Test
  void aDayWithUnaskedRangesButNoKnownOriginIsStillReported() {
    TimeRange hole = new TimeRange(T.plusSeconds(60), T.plusSeconds(120));
    BackfillChunk chunk =
        BackfillChunk.planned(UUID.randomUUID(), FEED, new TimeRange(T, T.plusSeconds(86_400)));

    DayNotes day =
        WaveNotes.of(
                List.of(chunk),
                List.of(WaveNotes.report(FEED.toString(), DAY, Optional.empty(), List.of(hole))))
            .of(FEED, DAY);

    assertThat(day.origin()).isEmpty();
    assertThat(day.unasked()).containsExactly(hole);
  }
}
