package io.backtide.jobs.backfill;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.backtide.core.FeedKey;
import java.time.LocalDate;
import java.util.Collection;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Pure {@code Dataset -> Dataset} steps and conditions of the table write. */
final class CandleMerge {
  private CandleMerge() {}

  /**
   * The new content of the touched days: existing rows whose key is not incoming, plus every
   * incoming row (the incoming row wins). Both inputs hold one feed and have no duplicate keys.
   */
  static Dataset<Row> incomingWins(Dataset<Row> existing, Dataset<Row> incoming) {
    Dataset<Row> keys = incoming.select(col(CandleRows.TS));
    Dataset<Row> kept =
        existing.join(
            keys, existing.col(CandleRows.TS).equalTo(keys.col(CandleRows.TS)), "left_anti");
    return kept.unionByName(incoming);
  }

  /** One file per day: every row of a day goes to the same write task. */
  static Dataset<Row> onePartitionPerDay(Dataset<Row> rows, int days) {
    return rows.repartition(Math.max(1, days), col("date"));
  }

  /** The feed's rows on {@code days}, as a Column for filters and merge pruning. */
  static Column feedDays(String alias, FeedKey feed, Collection<LocalDate> days) {
    String p = alias.isEmpty() ? "" : alias + ".";
    Column dayIn = col(p + "date").isin(days.stream().map(d -> lit(d)).toArray());
    return col(p + "source")
        .equalTo(feed.source())
        .and(col(p + "subject").equalTo(feed.subject()))
        .and(col(p + "kind").equalTo(feed.kind().code()))
        .and(col(p + "granularity").equalTo(feed.granularity().code()))
        .and(dayIn);
  }

  /** The same predicate as SQL text, for {@code replaceWhere} and {@code optimize().where}. */
  static String feedDaysSql(FeedKey feed, Collection<LocalDate> days) {
    // FeedKey's patterns admit no quote, so the values can be inlined safely.
    return "source = '"
        + feed.source()
        + "' AND subject = '"
        + feed.subject()
        + "' AND kind = '"
        + feed.kind().code()
        + "' AND granularity = '"
        + feed.granularity().code()
        + "' AND date IN ("
        + days.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "))
        + ")";
  }

  /** Merge condition: same partition and same ts_event. */
  static Column sameKey() {
    Column on = col("t." + CandleRows.TS).equalTo(col("s." + CandleRows.TS));
    for (String p : CandleRows.PARTITIONS) {
      on = on.and(col("t." + p).equalTo(col("s." + p)));
    }
    return on;
  }
}
