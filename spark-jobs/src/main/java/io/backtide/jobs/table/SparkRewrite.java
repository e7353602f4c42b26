package io.backtide.jobs.table;

import static org.apache.spark.sql.functions.col;

import io.backtide.core.CandleColumn;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The table writes that go through Spark: the rebuild of the touched days (their rows minus the
 * incoming keys, plus the incoming rows, written over exactly those days with {@code replaceWhere},
 * one file per day) and {@code DeltaTable.merge}. Pure {@code Dataset -> Dataset} steps, the write
 * at the end.
 */
final class SparkRewrite {
  private SparkRewrite() {}

  /**
   * The new content of the touched days: existing rows whose key (partition and {@code ts_event})
   * is not incoming, plus every incoming row (the incoming row wins). Neither input holds a
   * duplicate key.
   */
  static Dataset<Row> incomingWins(Dataset<Row> existing, Dataset<Row> incoming) {
    List<String> key = new ArrayList<>(SparkColumns.PARTITIONS);
    key.add(CandleColumn.TS_EVENT.columnName());
    Dataset<Row> keys = incoming.select(key.stream().map(c -> col(c)).toArray(Column[]::new));
    Dataset<Row> kept = existing.join(keys, CollectionConverters.asScala(key).toSeq(), "left_anti");
    return kept.unionByName(incoming);
  }

  /**
   * What {@code days} hold once {@code incoming} is written: the incoming rows alone when there is
   * no table yet, else laid over the days' stored rows.
   */
  static Dataset<Row> after(SparkSession spark, String path, FeedDays days, Dataset<Row> incoming) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return incoming;
    }
    return incomingWins(spark.read().format("delta").load(path).where(days.column("")), incoming);
  }

  /**
   * Writes {@code after} (the touched days' whole new content, see {@link #after}) over exactly
   * {@code days}, every row of a day in one task so that each day keeps one file; creates the
   * partitioned table when there is none.
   */
  static void rebuild(SparkSession spark, String path, FeedDays days, Dataset<Row> after) {
    Column[] by = SparkColumns.PARTITIONS.stream().map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> perDay = after.repartition(Math.max(1, days.count()), by);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      perDay
          .write()
          .format("delta")
          .partitionBy(SparkColumns.PARTITIONS.toArray(String[]::new))
          .mode("append")
          .save(path);
    } else {
      perDay
          .write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", days.sql())
          .save(path);
    }
  }

  /** {@code DeltaTable.merge} on partition and {@code ts_event}, then compaction of the days. */
  static void merge(SparkSession spark, String path, FeedDays days, Dataset<Row> incoming) {
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(incoming.as("s"), days.column("t").and(sameKey()))
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
    // An insert-only merge into a day that had a file adds a second one: compact back to one.
    DeltaTable.forPath(spark, path).optimize().where(days.sql()).executeCompaction();
  }

  /** Merge condition: same partition and same ts_event. */
  private static Column sameKey() {
    String ts = CandleColumn.TS_EVENT.columnName();
    Column on = col("t." + ts).equalTo(col("s." + ts));
    for (String p : SparkColumns.PARTITIONS) {
      on = on.and(col("t." + p).equalTo(col("s." + p)));
    }
    return on;
  }
}
