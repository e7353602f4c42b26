package io.backtide.jobs.table;

import io.backtide.core.CandleColumn;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The candle columns as Spark sees them: the one place where a column's type becomes Spark's. */
public final class SparkColumns {
  /** The Delta table's schema (partition columns first), as the job's rows carry it. */
  public static final StructType TABLE = schema(CandleColumn.TABLE, false);

  /** The names of the table's partition columns. */
  public static final List<String> PARTITIONS = List.of(names(CandleColumn.PARTITIONS));

  private SparkColumns() {}

  static DataType type(CandleColumn.Type type) {
    return switch (type) {
      case STRING -> DataTypes.StringType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case DOUBLE -> DataTypes.DoubleType;
    };
  }

  /** A schema of {@code columns} in that order. */
  public static StructType schema(List<CandleColumn> columns, boolean nullable) {
    StructType schema = new StructType();
    for (CandleColumn column : columns) {
      schema = schema.add(column.columnName(), type(column.type()), nullable);
    }
    return schema;
  }

  /** {@code columns} as Spark columns, in order (for {@code select}). */
  public static Column[] columns(List<CandleColumn> columns) {
    return columns.stream().map(c -> functions.col(c.columnName())).toArray(Column[]::new);
  }

  /** The names of {@code columns}, in order. */
  public static String[] names(List<CandleColumn> columns) {
    return columns.stream().map(CandleColumn::columnName).toArray(String[]::new);
  }
}
