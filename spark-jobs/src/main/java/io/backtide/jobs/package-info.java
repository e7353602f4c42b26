/** Spark jobs: the backfill application, providers, Delta merge and publishing. */
package io.backtide.jobs;
