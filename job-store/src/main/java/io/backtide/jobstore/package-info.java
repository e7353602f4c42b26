/**
 * The {@code backfill_jobs} table: migrations, the job record and its repository. Shared by the
 * control plane (which creates and watches jobs) and the Spark job (which reports progress), so
 * that neither depends on the other.
 */
package io.backtide.jobstore;
