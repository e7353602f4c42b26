/**
 * Feed vocabulary shared by every Backtide module (feed keys, granularities, candles, ranges) and
 * the storage contract between them: the data root's layout ({@link io.backtide.core.DataRoot}),
 * the published day's path ({@link io.backtide.core.PublishedPath}), the index ({@link
 * io.backtide.core.IndexFile}, {@link io.backtide.core.IndexEntry}) and the candle columns ({@link
 * io.backtide.core.CandleColumn}).
 */
package io.backtide.core;
