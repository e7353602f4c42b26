package io.backtide.jobs.bulk;

import static org.apache.spark.sql.functions.col;

import io.backtide.core.FeedKey;
import io.backtide.core.FeedKind;
import io.backtide.core.Granularity;
import io.backtide.jobs.backfill.BulkBridge;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one wave of fetched rows (several feeds) into the Delta table in one commit, the way the
 * single-feed backfill's rebuild mode does: the touched days' existing rows minus the incoming
 * keys, plus the incoming rows, over exactly those days ({@code replaceWhere}); every row of a day
 * goes to one task, so each day keeps one file. The work runs on the executors.
 */
final class BulkTable {
  private final SparkSession spark;
  private final String path;

  /** The table at {@code path}: a local path or any Hadoop URI ({@code s3a://...}). */
  BulkTable(SparkSession spark, String path) {
    this.spark = spark;
    this.path = path;
  }

  /** The (feed, day) pairs present in {@code incoming}, which holds no duplicate keys. */
  static Map<FeedKey, SortedSet<LocalDate>> touched(Dataset<Row> incoming) {
    Map<FeedKey, SortedSet<LocalDate>> out =
        new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (Row r :
        incoming
            .select("source", "subject", "kind", "granularity", "date")
            .distinct()
            .collectAsList()) {
      FeedKey feed =
          new FeedKey(
              r.getString(0),
              r.getString(1),
              FeedKind.parse(r.getString(2)),
              Granularity.parse(r.getString(3)));
      out.computeIfAbsent(feed, f -> new TreeSet<>()).add(r.getLocalDate(4));
    }
    return out;
  }

  /** Commits {@code incoming} covering {@code days}; returns the new table version. */
  long write(Dataset<Row> incoming, Map<FeedKey, SortedSet<LocalDate>> days) {
    int partitions = Math.max(1, days.values().stream().mapToInt(SortedSet::size).sum());
    Column[] by = BulkBridge.partitions().stream().map(c -> col(c)).toArray(Column[]::new);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      incoming
          .repartition(partitions, by)
          .write()
          .format("delta")
          .partitionBy(BulkBridge.partitions().toArray(String[]::new))
          .mode("append")
          .save(path);
    } else {
      String where = predicate(days);
      Dataset<Row> existing = spark.read().format("delta").load(path).where(where);
      List<String> key = new java.util.ArrayList<>(BulkBridge.partitions());
      key.add("ts_event");
      Dataset<Row> keys = incoming.select(key.stream().map(c -> col(c)).toArray(Column[]::new));
      Dataset<Row> kept =
          existing.join(
              keys, scala.jdk.javaapi.CollectionConverters.asScala(key).toSeq(), "left_anti");
      kept.unionByName(incoming)
          .repartition(partitions, by)
          .write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", where)
          .save(path);
    }
    return BulkBridge.version(spark, path);
  }

  /** SQL for "these days of these feeds" (FeedKey admits no quote, so values inline safely). */
  static String predicate(Map<FeedKey, SortedSet<LocalDate>> days) {
    return days.entrySet().stream()
        .map(
            e ->
                "(source = '"
                    + e.getKey().source()
                    + "' AND subject = '"
                    + e.getKey().subject()
                    + "' AND kind = '"
                    + e.getKey().kind().code()
                    + "' AND granularity = '"
                    + e.getKey().granularity().code()
                    + "' AND date IN ("
                    + e.getValue().stream()
                        .map(d -> "DATE'" + d + "'")
                        .collect(Collectors.joining(", "))
                    + "))")
        .collect(Collectors.joining(" OR "));
  }
}
