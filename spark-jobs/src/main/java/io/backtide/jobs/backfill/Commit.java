package io.backtide.jobs.backfill;

import java.time.LocalDate;
import java.util.SortedSet;

/** One Delta commit of a batch: the table version it produced and the days it touched. */
record Commit(long version, SortedSet<LocalDate> days, long rows) {}
