package io.backtide.jobs.provider.binance;

import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.core.Micros;
import io.backtide.core.MissingRuns;
import io.backtide.core.TimeRange;
import io.backtide.jobs.provider.CandleSource;
import io.backtide.jobs.provider.DayOrigin;
import io.backtide.jobs.provider.ProviderException;
import io.backtide.jobs.provider.ProviderHttp;
import io.backtide.jobs.provider.ProviderSettings;
import io.backtide.jobs.provider.RequestRate;
import io.backtide.jobs.provider.Sleeper;
import io.backtide.jobs.provider.SourceRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance history, archive first: a UTC day before the last two comes from the market's public data
 * dump ({@link BinanceArchive}: for candles a verified monthly file when the whole month is planned
 * and published, else the day's file; trades always by day), a day the archive does not have (404)
 * and the last two days from REST ({@link BinanceRest}), as do the candles an archive file lacks
 * (one request per run of them: {@link #withHolesAskedOfRest}). Without an archive URL every day
 * comes from REST. A page from the archive is at most one UTC day (and {@value #ARCHIVE_PAGE_ROWS}
 * rows): the job's pages then count archive days.
 */
public final class BinanceSource implements CandleSource {
  private static final Logger LOG = LoggerFactory.getLogger(BinanceSource.class);

  /** Spot. */
  public static final String NAME = "binance";

  /** USD-M perpetual futures. */
  public static final String UM_NAME = "binance-um";

  /** The most rows one archive page carries (a day of 1s is 86,400). */
  static final int ARCHIVE_PAGE_ROWS = 100_000;

  /** The most runs of candles missing from one archive page that are asked of REST. */
  static final int HOLE_RUNS_ASKED = 24;

  private final BinanceMarket market;
  private final BinanceRest rest;
  private final Optional<BinanceArchive> archive;
  private final Clock clock;
  private final Set<LocalDate> missingDays = new HashSet<>();
  private final Set<YearMonth> missingMonths = new HashSet<>();
  private final Map<LocalDate, DayOrigin> origins = new ConcurrentHashMap<>();
  private final Map<LocalDate, List<TimeRange>> unasked = new ConcurrentHashMap<>();
  private final List<String> notes = new CopyOnWriteArrayList<>();
  private final ArchiveAhead ahead = new ArchiveAhead();
  private final ArchiveScratch scratch;
  private TimeRange planned;
  private Predicate<LocalDate> skipped = day -> false;
  private ArchiveCursor current;

  /** Whether the archive is off for the rest of this source's job: it refused access. */
  private boolean archiveRefused;

  /** Whether REST refused the symbol while filling an archive file's holes (a delisted symbol). */
  private boolean restRefusedHoles;

  /** Spot. */
  public BinanceSource(ProviderSettings settings) {
    this(BinanceMarket.SPOT, settings);
  }

  public BinanceSource(BinanceMarket market, ProviderSettings settings) {
    this(market, settings, market.weightLimitPerMinute(), Sleeper.REAL);
  }

  BinanceSource(
      BinanceMarket market, ProviderSettings settings, int weightLimitPerMinute, Sleeper sleeper) {
    this.market = market;
    this.clock = settings.clock();
    this.rest =
        new BinanceRest(
            market,
            market == BinanceMarket.SPOT ? settings.binanceUrl() : settings.binanceUmUrl(),
            new ProviderHttp(
                settings, restPacing(settings, weightLimitPerMinute, sleeper), sleeper));
    ProviderHttp files = new ProviderHttp(settings, ProviderHttp.Pacing.NONE, sleeper);
    this.scratch = new ArchiveScratch(settings.scratchDir());
    this.archive =
        settings
            .archiveUrl()
            .map(url -> new BinanceArchive(market, url, files, settings.retry(), sleeper, scratch));
  }

  /** The exchange's request weight, and the settings' pace for API requests if any. */
  private static ProviderHttp.Pacing restPacing(
      ProviderSettings settings, int weightLimitPerMinute, Sleeper sleeper) {
    ProviderHttp.Pacing weight =
        new WeightGovernor(weightLimitPerMinute, settings.clock(), sleeper);
    return settings.restRequestsPerMinute().isPresent()
        ? new RequestRate(settings.restRequestsPerMinute().getAsDouble(), sleeper).and(weight)
        : weight;
  }

  @Override
  public String name() {
    return market.source();
  }

  /** Months of candles wholly inside {@code range} may come from monthly files. */
  @Override
  public void plan(FeedKey feed, TimeRange range) {
    plan(feed, range, day -> false);
  }

  /**
   * As {@link #plan(FeedKey, TimeRange)}; the first archive files of the range start downloading
   * (see {@link ArchiveAhead}), leaving out the days the job will skip.
   */
  @Override
  public void plan(FeedKey feed, TimeRange range, Predicate<LocalDate> skipped) {
    this.planned = range;
    this.skipped = skipped;
    downloadAhead(feed, LocalDate.ofInstant(range.start(), ZoneOffset.UTC));
  }

  @Override
  public List<SourceRow> fetch(FeedKey feed, Instant from, Instant end, int limit) {
    Instant at = from;
    while (at.isBefore(end)) {
      LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
      if (archive.isEmpty() || archiveRefused || !day.isBefore(restFrom())) {
        return fromRest(feed, at, end, limit);
      }
      Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant pageEnd = end.isBefore(dayEnd) ? end : dayEnd;
      Optional<ArchiveCursor> file = file(feed, day);
      List<SourceRow> rows =
          file.isPresent()
              ? file.get().rows(at, pageEnd, ARCHIVE_PAGE_ROWS)
              : fromRest(feed, at, pageEnd, limit);
      if (!rows.isEmpty()) {
        origins.merge(
            day,
            file.map(f -> DayOrigin.archive(f.file().sha256())).orElse(DayOrigin.REST),
            DayOrigin::and);
      }
      if (file.isPresent() && feed.kind() == FeedKind.CANDLE) {
        rows = withHolesAskedOfRest(feed, file.get().file(), rows, at, pageEnd, limit);
      }
      if (!rows.isEmpty()) {
        return rows;
      }
      at = pageEnd;
    }
    return List.of();
  }

  /** Cancels the downloads ahead and removes the downloaded files. */
  @Override
  public void close() {
    ahead.close();
    if (current != null) {
      current.close();
      current = null;
    }
    scratch.close();
  }

  @Override
  public Optional<DayOrigin> origin(LocalDate day) {
    return Optional.ofNullable(origins.get(day));
  }

  @Override
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** A warning for the job log that the operator should also see with the job. */
  private void note(String text) {
    LOG.warn(text);
    notes.add(text);
  }

  @Override
  public List<TimeRange> unasked(LocalDate day) {
    return unasked.getOrDefault(day, List.of());
  }

  /** REST rows may span days (the tail is asked in one range): each day they touch is REST. */
  private List<SourceRow> fromRest(FeedKey feed, Instant at, Instant end, int limit) {
    List<SourceRow> rows = rest.fetch(feed, at, end, limit);
    if (!rows.isEmpty()) {
      LocalDate first = LocalDate.ofInstant(rows.get(0).candle().tsEvent(), ZoneOffset.UTC);
      LocalDate last =
          LocalDate.ofInstant(rows.get(rows.size() - 1).candle().tsEvent(), ZoneOffset.UTC);
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        origins.merge(d, DayOrigin.REST, DayOrigin::and);
      }
    }
    return rows;
  }

  /**
   * The archive's candles of {@code [from, end)} with the ones it lacks asked of REST. Binance
   * makes a kline for every interval, traded or not, so a run of missing candles in an archive file
   * is either the exchange's own (maintenance, an outage: REST has nothing either, and one empty
   * answer per run confirms it) or a hole in the file, which REST fills (the day becomes {@code
   * mixed}). At most {@value #HOLE_RUNS_ASKED} runs of a page are asked: a file missing every other
   * candle would otherwise cost a request per candle; the runs left unasked (past that, or all of
   * them once REST refused the symbol) are {@link #unasked(LocalDate)}. A page cut at {@link
   * #ARCHIVE_PAGE_ROWS} rows leaves its tail to the next page.
   */
  private List<SourceRow> withHolesAskedOfRest(
      FeedKey feed,
      ArchiveFile file,
      List<SourceRow> archived,
      Instant from,
      Instant end,
      int limit) {
    Duration step = feed.granularity().duration();
    List<TimeRange> holes =
        holes(archived, from, archived.size() >= ARCHIVE_PAGE_ROWS ? null : end, step);
    if (holes.isEmpty()) {
      return archived;
    }
    List<SourceRow> filled = new ArrayList<>();
    int asked = 0;
    while (asked < Math.min(holes.size(), HOLE_RUNS_ASKED) && !restRefusedHoles) {
      TimeRange hole = holes.get(asked);
      try {
        filled.addAll(fromRestWhole(feed, hole.start(), hole.end(), limit));
        asked++;
      } catch (ProviderException e) {
        if (e.httpStatus().orElse(0) != 400) {
          throw e;
        }
        // Binance answers 400 "Invalid symbol" for a delisted symbol, whose history the archive
        // still has: its files are all there is, holes included.
        note(
            feed
                + ": REST refuses the symbol ("
                + e.getMessage()
                + "); the candles archive files lack stay missing, not confirmed");
        restRefusedHoles = true;
      }
    }
    if (asked < holes.size()) {
      if (!restRefusedHoles) {
        note(
            String.format(
                "%s: archive file %s lacks candles in %d runs; REST was asked about the first %d,"
                    + " the other %d stay missing, not confirmed",
                feed, file.name(), holes.size(), asked, holes.size() - asked));
      }
      // never asked: the gap report must not call them confirmed (a page is one day at most)
      unasked.merge(
          LocalDate.ofInstant(from, ZoneOffset.UTC),
          List.copyOf(holes.subList(asked, holes.size())),
          (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
    }
    LOG.info(
        "{}: archive file {} lacks {} candle(s) of [{}, {}) in {} run(s); REST asked for {} of"
            + " them, which had {} candle(s)",
        feed,
        file.name(),
        holes.stream().mapToLong(h -> Duration.between(h.start(), h.end()).dividedBy(step)).sum(),
        from,
        end,
        holes.size(),
        asked,
        filled.size());
    if (filled.isEmpty()) {
      return archived;
    }
    filled.addAll(archived);
    filled.sort(Comparator.comparing(r -> r.candle().tsEvent()));
    return filled;
  }

  /**
   * The runs of missing candles of {@code [from, tail)} between {@code rows} (sorted), each at
   * least one {@code step} long; with a null {@code tail} none after the last row.
   */
  static List<TimeRange> holes(List<SourceRow> rows, Instant from, Instant tail, Duration step) {
    long stepMicros = Micros.of(step);
    long to =
        tail != null
            ? Micros.of(tail)
            : rows.isEmpty()
                ? Micros.of(from)
                : rows.get(rows.size() - 1).candle().tsEventMicros() + stepMicros;
    return MissingRuns.of(
            rows.size(), i -> rows.get(i).candle().tsEventMicros(), Micros.of(from), to, stepMicros)
        .stream()
        .map(r -> new TimeRange(Micros.toInstant(r.start()), Micros.toInstant(r.end())))
        .toList();
  }

  /** Every REST candle of {@code [from, end)}, page after page. */
  private List<SourceRow> fromRestWhole(FeedKey feed, Instant from, Instant end, int limit) {
    List<SourceRow> all = new ArrayList<>();
    Instant at = from;
    while (at.isBefore(end)) {
      List<SourceRow> page = fromRest(feed, at, end, limit);
      all.addAll(page);
      if (page.size() < market.klinePage(limit)) {
        break;
      }
      at = page.get(page.size() - 1).candle().tsEvent().plus(feed.granularity().duration());
    }
    return all;
  }

  /** The first of the last two UTC days, which always come from REST. */
  LocalDate restFrom() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
  }

  /** The open archive file that holds {@code day}, downloading it first; empty: not published. */
  private Optional<ArchiveCursor> file(FeedKey feed, LocalDate day) {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    if (current != null && current.file().covers(start)) {
      return Optional.of(current);
    }
    if (missingDays.contains(day)) {
      return Optional.empty();
    }
    Optional<ArchiveFile> found;
    try {
      found = download(feed, day);
    } catch (ProviderException e) {
      if (!refusal(e)) {
        throw e;
      }
      archiveRefused = true;
      note(
          feed
              + ": the archive refuses access ("
              + e.getMessage()
              + "); "
              + day
              + " and the job's other days come from REST: the same rows, at the pace of the"
              + " exchange's request weight");
      ahead.close();
      return Optional.empty();
    }
    if (found.isEmpty()) {
      LOG.info("{}: {} is not in the archive; it comes from REST", feed, day);
      missingDays.add(day);
      downloadAhead(feed, day.plusDays(1));
      return Optional.empty();
    }
    ArchiveFile f = found.get();
    LOG.info("{}: archive file {} verified (sha256 {})", feed, f.name(), f.sha256());
    if (current != null) {
      current.close();
    }
    current = new ArchiveCursor(f, feed.kind() == FeedKind.TICK);
    downloadAhead(feed, LocalDate.ofInstant(f.end(), ZoneOffset.UTC));
    return Optional.of(current);
  }

  /**
   * The archive file that holds {@code day}: the month's when wanted and published, else the day's.
   * A monthly file whose downloads never match its published checksum is not used, and the month's
   * daily files, each with its own checksum, are used instead: the archive has published wrong
   * checksums for whole runs of monthly files. A daily file that never matches fails the job.
   */
  private Optional<ArchiveFile> download(FeedKey feed, LocalDate day) {
    YearMonth month = YearMonth.from(day);
    Optional<ArchiveFile> found = Optional.empty();
    if (monthlyWanted(feed, month)) {
      try {
        found = ahead.take(month, () -> archive.get().monthly(feed, month));
      } catch (ProviderException e) {
        if (!BinanceArchive.ChecksumMismatch.of(e)) {
          throw e;
        }
        note(feed + ": " + e.getMessage() + "; the month's daily files are used instead");
      }
      if (found.isEmpty()) {
        missingMonths.add(month);
      }
    }
    return found.isPresent() ? found : ahead.take(day, () -> archive.get().daily(feed, day));
  }

  /**
   * Whether the archive host refused access (401, 403, 451), as it does during its own outages
   * (answering S3's {@code AccessDenied} for every file) or where it is blocked: REST holds the
   * same candles, so the job goes on from there rather than failing. A corrupt file still fails it.
   */
  private static boolean refusal(ProviderException e) {
    int status = e.httpStatus().orElse(0);
    return status == 401 || status == 403 || status == 451;
  }

  /**
   * Starts downloading the next archive files of the plan from {@code from} on (up to {@value
   * ArchiveAhead#FILES}), leaving out days the job skips or the archive lacks. Downloads go to
   * files, not memory, so a month of 1s or a busy day of trades is downloaded ahead as well.
   */
  private void downloadAhead(FeedKey feed, LocalDate from) {
    if (planned == null || archive.isEmpty() || archiveRefused) {
      return;
    }
    LocalDate planEnd = LocalDate.ofInstant(planned.end().minusNanos(1), ZoneOffset.UTC);
    LocalDate stop = planEnd.plusDays(1).isBefore(restFrom()) ? planEnd.plusDays(1) : restFrom();
    Map<Object, Supplier<Optional<ArchiveFile>>> next = new LinkedHashMap<>();
    LocalDate d = from;
    while (next.size() < ArchiveAhead.FILES && d.isBefore(stop)) {
      YearMonth month = YearMonth.from(d);
      if (monthlyWanted(feed, month)) {
        if (fetchesAny(month)) {
          next.put(month, () -> archive.get().monthly(feed, month));
        }
        d = month.plusMonths(1).atDay(1);
      } else {
        LocalDate day = d;
        if (!skipped.test(day) && !missingDays.contains(day)) {
          next.put(day, () -> archive.get().daily(feed, day));
        }
        d = d.plusDays(1);
      }
    }
    ahead.want(next);
  }

  /** Whether the job fetches any day of {@code month} (it skips the days the store holds). */
  private boolean fetchesAny(YearMonth month) {
    return month.atDay(1).datesUntil(month.plusMonths(1).atDay(1)).anyMatch(skipped.negate());
  }

  /**
   * Whether the month's file is wanted: candles only (a month of a busy symbol's trades is
   * gigabytes in one download, where daily files move the job's progress day by day and a failed
   * download costs one day), the whole month planned, before the REST days, and not known to be
   * missing.
   */
  private boolean monthlyWanted(FeedKey feed, YearMonth month) {
    if (planned == null || feed.kind() == FeedKind.TICK || missingMonths.contains(month)) {
      return false;
    }
    Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    LocalDate next = month.plusMonths(1).atDay(1);
    Instant end = next.atStartOfDay(ZoneOffset.UTC).toInstant();
    return !planned.start().isAfter(start)
        && !planned.end().isBefore(end)
        && !next.isAfter(restFrom());
  }
}
