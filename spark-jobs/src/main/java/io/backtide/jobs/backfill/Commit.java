package io.backtide.jobs.backfill;

import io.backtide.jobs.provider.SourceRow;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * One Delta commit of a batch: the table version it produced, the days it touched, and, when the
 * commit knows them without reading the table back, the rows those days now hold ({@code contents},
 * in time order: what gets published).
 */
record Commit(
    long version,
    SortedSet<LocalDate> days,
    long rows,
    Optional<SortedMap<LocalDate, List<SourceRow>>> contents) {}
