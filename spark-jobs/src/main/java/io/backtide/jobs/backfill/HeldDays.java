package io.backtide.jobs.backfill;

import io.backtide.core.DataRoot;
import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.core.PublishedPath;
import io.backtide.core.TimeRange;
import io.backtide.jobstore.BackfillJob;
import io.backtide.jobstore.BackfillJobRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The whole UTC days of a job's range that the store already holds complete, which an incremental
 * backfill skips. A day is complete when its published file has the granularity's full count of
 * candles, or when a job confirmed it (fetched it to its end, the provider having nothing more) and
 * the published file still holds the rows that job wrote. Days the range only partly covers are
 * always fetched; so are tick days without a confirmation (ticks have no full count).
 */
final class HeldDays {
  private final NavigableSet<Instant> days;

  private HeldDays(NavigableSet<Instant> days) {
    this.days = days;
  }

  /** Nothing held: every day is fetched ({@code "refresh": true}). */
  static HeldDays none() {
    return new HeldDays(new TreeSet<>());
  }

  /** What the store holds of job's range from {@code cursor} on. */
  static HeldDays held(BackfillJob job, Instant cursor, Path dataDir, BackfillJobRepository jobs) {
    if (!cursor.isBefore(job.range().end())) {
      return none();
    }
    TimeRange rest = new TimeRange(cursor, job.range().end());
    LocalDate first = LocalDate.ofInstant(cursor, ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(job.range().end(), ZoneOffset.UTC).plusDays(1);
    return of(
        job.feed(),
        rest,
        published(job.feed(), dataDir),
        jobs.feedDays().confirmed(job.feed(), first, last));
  }

  /** The feed's published days: its own index when it has one, else the shared one. */
  private static IndexFile published(FeedKey feed, Path dataDir) {
    DataRoot root = DataRoot.of(dataDir);
    Path own = root.feedIndex(feed);
    return Files.exists(own) ? IndexFile.read(own) : IndexFile.read(root.index());
  }

  static HeldDays of(
      FeedKey feed, TimeRange range, IndexFile index, Map<LocalDate, Long> confirmed) {
    Map<LocalDate, Long> published = publishedRows(feed, index);
    NavigableSet<Instant> held = new TreeSet<>();
    Instant day = range.start().truncatedTo(ChronoUnit.DAYS);
    day = day.equals(range.start()) ? day : day.plus(1, ChronoUnit.DAYS);
    for (; !day.plus(1, ChronoUnit.DAYS).isAfter(range.end()); day = day.plus(1, ChronoUnit.DAYS)) {
      LocalDate date = LocalDate.ofInstant(day, ZoneOffset.UTC);
      long rows = published.getOrDefault(date, 0L);
      boolean full = feed.kind() != FeedKind.TICK && rows >= feed.granularity().barsPerDay();
      boolean confirmedAsPublished =
          Optional.ofNullable(confirmed.get(date)).map(n -> n == rows).orElse(false);
      if (full || confirmedAsPublished) {
        held.add(day);
      }
    }
    return new HeldDays(held);
  }

  private static Map<LocalDate, Long> publishedRows(FeedKey feed, IndexFile index) {
    String prefix = feed + "/";
    Map<LocalDate, Long> rows = new HashMap<>();
    for (IndexEntry e : index.files()) {
      if (e.path().startsWith(prefix)) {
        PublishedPath.dateOf(e.path().substring(prefix.length()))
            .ifPresent(d -> rows.put(d, e.records()));
      }
    }
    return rows;
  }

  /** Whether the whole UTC day {@code day} is held (the job skips it). */
  boolean holds(LocalDate day) {
    return days.contains(day.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** How many held days there are. */
  int count() {
    return days.size();
  }

  /** The first point at or after {@code at} that is not in a held day. */
  Instant nextToFetch(Instant at) {
    Instant t = at;
    while (days.contains(t)) {
      t = t.plus(1, ChronoUnit.DAYS);
    }
    return t;
  }

  /** Held days that start in {@code [from, to)}. */
  int heldBetween(Instant from, Instant to) {
    return from.isBefore(to) ? days.subSet(from, true, to, false).size() : 0;
  }

  /** The start of the first held day after {@code at}, or {@code end} when none comes before it. */
  Instant fetchUntil(Instant at, Instant end) {
    Instant next = days.higher(at);
    return next != null && next.isBefore(end) ? next : end;
  }
}
