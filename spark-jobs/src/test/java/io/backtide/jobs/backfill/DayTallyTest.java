package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import io.backtide.core.Granularity;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.SourceRow;
import io.backtide.jobs.testing.TestCandles;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.JobActivityRepository;
import io.backtide.jobstore.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Days fetched to their end are confirmed with their row counts, on a real PostgreSQL. */
class DayTallyTest {
  private static final Instant JAN1 = Instant.parse("2026-01-01T00:00:00Z");
  private static TestDatabase db;
  private static BackfillJobRepository jobs;
  private static JobActivityRepository activity;

  @BeforeAll
  static void start() {
    db = TestDatabase.create();
    jobs = new BackfillJobRepository(db.dataSource(), Clock.systemUTC());
    activity = new JobActivityRepository(db.dataSource(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static List<SourceRow> rows(Instant from, Instant to) {
    return new ArrayList<>(
        TestCandles.range(from, to, Granularity.M1, 0).stream().map(SourceRow::of).toList());
  }

  /** A running job of {@code range}, the only one in the table. */
  private static BackfillJob runningJob(TimeRange range) {
    db.execute("DELETE FROM backfill_jobs");
    BackfillJob job = jobs.create(FeedKey.parse("sim/BTCUSDT/candle/1m"), range);
    jobs.markRunning(job.id());
    return job;
  }

  /** A tally from Jan 1 on a clock a month later, its fetched progress paced to once an hour. */
  private static DayTally tally(BackfillJob job) {
    Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);
    return new DayTally(
        job, JAN1, new JobActivityRecorder(activity, job.id(), clock, Duration.ofHours(1)), clock);
  }

  @Test
  void pagesAcrossMidnightsAndOutOfOrderRowsCountPerDay() {
    BackfillJob job = runningJob(TimeRange.parse("2026-01-01", "2026-01-05"));
    DayTally tally = tally(job);
    Batch batch = new Batch();
    Instant jan2 = JAN1.plus(Duration.ofDays(1));
    Instant jan3 = jan2.plus(Duration.ofDays(1));
    // a page from Jan 1 18:00 into Jan 2, with two rows of Jan 1 after rows of Jan 2
    List<SourceRow> first = rows(JAN1, jan2.plus(Duration.ofHours(6)));
    List<SourceRow> lateJan1 = new ArrayList<>(first.subList(0, 2));
    first = new ArrayList<>(first.subList(2, first.size()));
    List<SourceRow> page = new ArrayList<>(first);
    page.addAll(lateJan1);
    tally.page(batch, page, jan2.plus(Duration.ofHours(6)), 1);
    assertThat(batch.finishedDays()).isEqualTo(Map.of(LocalDate.parse("2026-01-01"), 1440L));

    tally.page(batch, rows(jan2.plus(Duration.ofHours(6)), jan3.plusSeconds(60)), jan3, 2);
    assertThat(batch.finishedDays())
        .as("Jan 2 is complete at its end; the first minute of Jan 3 waits for its day")
        .isEqualTo(
            Map.of(LocalDate.parse("2026-01-01"), 1440L, LocalDate.parse("2026-01-02"), 1440L));
  }

  @Test
  void theLastPageIsAlwaysShownInTheJobRowEvenWithinThePace() {
    Instant jan2 = JAN1.plus(Duration.ofDays(1));
    BackfillJob job = runningJob(new TimeRange(JAN1, jan2));
    DayTally tally = tally(job);
    Instant noon = JAN1.plus(Duration.ofHours(12));
    Batch batch = new Batch();

    tally.page(
        batch, rows(JAN1, JAN1.plus(Duration.ofHours(6))), JAN1.plus(Duration.ofHours(6)), 1);
    tally.page(batch, rows(JAN1.plus(Duration.ofHours(6)), noon), noon, 2);
    assertThat(jobs.findById(job.id()).orElseThrow().activity().fetchedRows())
        .as("paced: the first page at once, the second within the hour not")
        .isEqualTo(360);
    tally.page(batch, rows(noon, jan2), jan2, 3);

    BackfillJob shown = jobs.findById(job.id()).orElseThrow();
    assertThat(shown.activity().fetchedRows()).isEqualTo(1440);
    assertThat(shown.activity().fetchedPages()).isEqualTo(3);
    assertThat(shown.activity().fetchedUntil()).contains(jan2);
  }
}
