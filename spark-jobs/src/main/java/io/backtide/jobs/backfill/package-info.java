/**
 * The backfill run loop: the application ({@link io.backtide.jobs.backfill.BackfillApp} and the
 * skeleton it shares with bulk mode, {@link io.backtide.jobs.backfill.JobMain}), its arguments, the
 * loop ({@link io.backtide.jobs.backfill.Backfill}), paging ({@link
 * io.backtide.jobs.backfill.Paging}, {@link io.backtide.jobs.backfill.BatchFetcher}), fetch-ahead,
 * batches, heartbeat, run settings and stats, outcome.
 */
package io.backtide.jobs.backfill;
