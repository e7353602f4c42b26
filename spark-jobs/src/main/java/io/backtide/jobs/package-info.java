/**
 * Spark jobs. {@link io.backtide.jobs.backfill} runs one job (the loop, paging, batches,
 * heartbeat); {@link io.backtide.jobs.table} writes and reads the Delta table; {@link
 * io.backtide.jobs.publish} writes the published day files and the index; {@link
 * io.backtide.jobs.bulk} runs several feeds at once on the same three; {@link
 * io.backtide.jobs.provider} fetches pages from the exchanges; {@link io.backtide.jobs.cli} reads
 * command lines.
 */
package io.backtide.jobs;
