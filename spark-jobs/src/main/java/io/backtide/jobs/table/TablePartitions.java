package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import io.backtide.core.FeedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.AddFile;
import scala.jdk.javaapi.CollectionConverters;

/** The table's partitions as Delta lays them out: values, folders, and the layout checks. */
final class TablePartitions {
  private TablePartitions() {}

  static LocalDate dateOf(AddFile file) {
    return LocalDate.parse(file.partitionValues().get(CandleColumn.DATE.columnName()).get());
  }

  static void checkLayout(OptimisticTransaction txn, String tablePath) {
    List<String> partitionColumns = CollectionConverters.asJava(txn.metadata().partitionColumns());
    if (!partitionColumns.equals(SparkColumns.PARTITIONS)) {
      throw new IllegalStateException(
          "the Delta table at "
              + tablePath
              + " is partitioned by "
              + partitionColumns
              + ", not by "
              + SparkColumns.PARTITIONS);
    }
  }

  /** True when the table keeps each partition's files under its folder (Delta's default). */
  static boolean folderLayout(OptimisticTransaction txn) {
    Map<String, String> conf = CollectionConverters.asJava(txn.metadata().configuration());
    return !"true".equalsIgnoreCase(conf.getOrDefault("delta.randomizeFilePrefixes", "false"))
        && "none".equalsIgnoreCase(conf.getOrDefault("delta.columnMapping.mode", "none"));
  }

  /** True when none of the days has a partition folder under the table. */
  static boolean noDayFolder(String tablePath, FeedKey feed, Collection<LocalDate> days) {
    Path table = Path.of(tablePath);
    return days.stream().noneMatch(d -> Files.exists(table.resolve(folder(feed, d))));
  }

  /** The partition values of one day of the feed, as Delta records them (dates as yyyy-MM-dd). */
  static Map<String, String> partitionValues(FeedKey feed, LocalDate day) {
    Map<String, String> values = new LinkedHashMap<>();
    for (CandleColumn column : CandleColumn.PARTITIONS) {
      values.put(
          column.columnName(), column == CandleColumn.DATE ? day.toString() : column.value(feed));
    }
    return values;
  }

  /** The day's partition folder, relative to the table, escaped as Spark and Delta escape it. */
  static String folder(FeedKey feed, LocalDate day) {
    StringJoiner folder = new StringJoiner("/");
    for (Map.Entry<String, String> value : partitionValues(feed, day).entrySet()) {
      folder.add(ExternalCatalogUtils.getPartitionPathString(value.getKey(), value.getValue()));
    }
    return folder.toString();
  }

  static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
    return scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(map));
  }
}
