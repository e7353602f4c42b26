package io.backtide.jobs.provider;

import io.backtide.core.FeedKey;
import java.time.Instant;
import java.util.List;

/**
 * A provider of historical candles. One call returns one page: at most {@code limit} rows with
 * {@code from <= ts_event < end}, in time order. An empty page means there is nothing more before
 * {@code end}.
 */
public interface CandleSource {

  /** The provider name, the same as the feed's source ({@code binance}, {@code sim}). */
  String name();

  /**
   * Fetches one page.
   *
   * @throws ProviderException when the provider fails for good (retries are the source's business)
   */
  List<SourceRow> fetch(FeedKey feed, Instant from, Instant end, int limit);
}
