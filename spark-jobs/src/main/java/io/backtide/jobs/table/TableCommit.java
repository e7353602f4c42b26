package io.backtide.jobs.table;

import io.backtide.jobs.provider.SourceRow;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One Delta commit of a batch: the table version it produced, what each touched day holds after it,
 * in time order (what gets published), and whether the commit wrote the days itself ({@code
 * direct}: no Spark job, the days known without reading them back) or through Spark. A direct
 * commit also names each day's one data file ({@code dayFiles}, in the published layout: {@link
 * PublishedDayFile}); through Spark there are none.
 */
public record TableCommit(
    long version,
    SortedMap<LocalDate, List<SourceRow>> days,
    boolean direct,
    Map<LocalDate, Path> dayFiles) {}
