package io.backtide.jobs.provider;

import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A provider of historical candles. One call returns one page: rows with {@code from <= ts_event <
 * end}, in time order, at most {@code limit} of them per provider request (a page read from a file
 * may be that file's UTC day). An empty page means there is nothing more before {@code end}.
 */
public interface CandleSource extends AutoCloseable {

  /** The provider name, the same as the feed's source ({@code binance}, {@code sim}). */
  String name();

  /**
   * Says which range the job will ask for (from its cursor to its end), before the first page. A
   * source that serves files may then pick the largest file wholly inside it.
   */
  default void plan(FeedKey feed, TimeRange range) {}

  /**
   * As {@link #plan(FeedKey, TimeRange)}, also saying which whole days the job will not ask for
   * (the store holds them): a source that downloads ahead leaves them out.
   */
  default void plan(FeedKey feed, TimeRange range, Predicate<LocalDate> skipped) {
    plan(feed, range);
  }

  /**
   * Fetches one page.
   *
   * @throws ProviderException when the provider fails for good (retries are the source's business)
   */
  List<SourceRow> fetch(FeedKey feed, Instant from, Instant end, int limit);

  /**
   * Where the rows of {@code day} fetched so far came from; empty for a source without such a
   * distinction (sim) or a day it has not served. Safe to call from another thread than fetch.
   */
  default Optional<DayOrigin> origin(LocalDate day) {
    return Optional.empty();
  }

  /**
   * The parts of {@code day} whose missing candles the source did not ask the provider about,
   * although it served the day (e.g. holes of an archive file beyond what it asks of REST): a gap
   * there is not confirmed. Empty by default. Safe to call from another thread than fetch.
   */
  default List<TimeRange> unasked(LocalDate day) {
    return List.of();
  }

  /**
   * What the operator should see with the job of how the source served it, oldest first: each
   * fallback it took (e.g. an archive that refused access, so REST served the rest) and candles it
   * left unconfirmed. Also in the job log. Empty by default. Safe to call from another thread than
   * fetch.
   */
  default List<String> notes() {
    return List.of();
  }

  /**
   * The job is done with this source (it ended, failed or was cancelled): whatever the source still
   * does in the background (downloads ahead) stops.
   */
  @Override
  default void close() {}
}
