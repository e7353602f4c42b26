package io.backtide.backtest.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.backtide.backtest.BacktestException;
import io.backtide.core.CandleColumn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Extra columns from {@code meta}: the fields a run asked for are extracted in the same Spark SQL
 * query that reads the candles ({@code from_json} parses each row's {@code meta} once, on the
 * executor), so they reach the driver as primitive columns of the block and the replay never sees
 * JSON. A number becomes a double, {@code true}/{@code false} 1/0. A row in the range whose {@code
 * meta} lacks a requested field (a {@code sim} feed's rows have {@code {}}), or holds something
 * else, fails the read with a {@link BacktestException} naming the field and the file: a tracker
 * never receives a made-up value.
 */
final class MetaColumns {

  /** First int of a partition's answer that reports a problem instead of candles. */
  private static final int PROBLEM = -1;

  private MetaColumns() {}

  /** The file schema to read: the bars, plus {@code meta} when extras are asked for. */
  static StructType readSchema(StructType bars, List<String> extras) {
    return extras.isEmpty() ? bars : bars.add(CandleColumn.META.columnName(), DataTypes.StringType);
  }

  /**
   * The columns to select after the bars: each extra as a double, then one string column that is
   * null on good rows and describes the first bad field otherwise. None without extras.
   */
  static List<Column> select(List<String> extras) {
    if (extras.isEmpty()) {
      return List.of();
    }
    StructType fields = new StructType();
    for (String name : extras) {
      fields = fields.add(name, DataTypes.StringType);
    }
    // A string field takes any JSON value as its text: numbers and booleans alike.
    Column parsed = from_json(col(CandleColumn.META.columnName()), fields);
    List<Column> out = new ArrayList<>();
    List<Column> problems = new ArrayList<>();
    for (String name : extras) {
      Column raw = parsed.getField(name);
      Column value =
          when(raw.equalTo("true"), 1.0)
              .when(raw.equalTo("false"), 0.0)
              .otherwise(raw.try_cast(DataTypes.DoubleType));
      out.add(value.as("extra_" + out.size()));
      problems.add(when(value.isNull(), problem(name, raw)));
    }
    out.add(coalesce(problems.toArray(Column[]::new)).as("meta_problem"));
    return out;
  }

  private static Column problem(String name, Column raw) {
    Column what =
        when(raw.isNull(), lit(" has no meta field '" + name + "'"))
            .otherwise(
                concat(lit(" has meta field '" + name + "' = "), raw, lit(", not a number")));
    Column ts = col(CandleColumn.TS_EVENT.columnName()).cast(DataTypes.StringType);
    return concat(lit("the row at "), ts, lit(" UTC of "), input_file_name(), what);
  }

  /** Turns a partition's rows into one block of columns (or one problem block). */
  static final class ToBlock implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
    private static final long serialVersionUID = 1L;
    private final List<String> extras;

    ToBlock(List<String> extras) {
      this.extras = List.copyOf(extras);
    }

    @Override
    public Iterator<byte[]> call(Iterator<InternalRow> rows) {
      CandleColumns.Builder block = CandleColumns.builder(extras);
      int n = extras.size();
      while (rows.hasNext()) {
        InternalRow r = rows.next();
        block.add(r.getLong(0), num(r, 1), num(r, 2), num(r, 3), num(r, 4), num(r, 5));
        if (n > 0 && !r.isNullAt(6 + n)) {
          return List.of(problemBlock(r.getUTF8String(6 + n).toString())).iterator();
        }
        for (int k = 0; k < n; k++) {
          block.extra(k, r.getDouble(6 + k));
        }
      }
      return List.of(block.build().toBlock()).iterator();
    }
  }

  private static byte[] problemBlock(String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Integer.BYTES + text.length).putInt(PROBLEM).put(text).array();
  }

  /**
   * @throws BacktestException when a partition reported a requested field missing or not a number
   */
  static void check(List<byte[]> blocks) {
    for (byte[] block : blocks) {
      ByteBuffer b = ByteBuffer.wrap(block);
      if (block.length >= Integer.BYTES && b.getInt(0) == PROBLEM) {
        String what =
            new String(block, Integer.BYTES, block.length - Integer.BYTES, StandardCharsets.UTF_8);
        throw new BacktestException(
            "cannot load the extra columns: "
                + what
                + "; ask only for fields this feed's source writes in meta (README, Backtesting:"
                + " extra columns; sim feeds have none)");
      }
    }
  }

  static double num(InternalRow r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }
}
