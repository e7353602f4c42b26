package io.backtide.jobs.backfill;

import java.time.LocalDate;
import java.util.SortedSet;

/**
 * One Delta commit of a batch: the table version it produced, the days it touched, and whether
 * those days held no rows before ({@code fresh}: they now hold exactly the batch's rows).
 */
record Commit(long version, SortedSet<LocalDate> days, long rows, boolean fresh) {}
