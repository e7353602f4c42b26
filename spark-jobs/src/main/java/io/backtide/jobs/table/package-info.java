/**
 * The Delta table {@code delta/candles}: {@link io.backtide.jobs.table.CandleTable} (write a batch
 * or a wave, read days back, version), the direct day commit without Spark ({@link
 * io.backtide.jobs.table.DirectDayCommit}, which writes the table's data files, {@link
 * io.backtide.jobs.table.TableDataFile}, and retries on a conflicting commit), the Spark rebuild
 * and {@code merge} paths ({@link io.backtide.jobs.table.SparkRewrite}, fed by the scratch files of
 * {@link io.backtide.jobs.table.StagedBatchFiles}), the feed/day predicate ({@link
 * io.backtide.jobs.table.FeedDays}), and the candle columns as Spark rows and Parquet records
 * ({@link io.backtide.jobs.table.TableRows}, {@link io.backtide.jobs.table.CandleParquet}).
 */
package io.backtide.jobs.table;
