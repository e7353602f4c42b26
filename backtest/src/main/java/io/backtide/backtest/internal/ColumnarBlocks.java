package io.backtide.backtest.internal;

import io.backtide.core.CandleColumn;
import io.backtide.core.Micros;
import io.backtide.core.TimeRange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The candle columns of a Spark SQL scan of day files, taken from the scan's column batches (what
 * Spark's vectorized Parquet reader decodes) without turning each candle into a row: Spark plans
 * and runs the scan as usual, but each partition copies its batches' primitive columns straight
 * into exactly sized blocks (see {@link ToBlocks}) and keeps {@code start <= ts_event < end}
 * itself; in a {@code local[*]} session the blocks reach the driver through {@link LocalHandoff}
 * instead of the task result. On a year of 1s this skips 31.5 M row conversions and projections.
 * Used when the plan's scan produces batches; otherwise (another file format, the vectorized reader
 * turned off) the caller reads rows.
 */
final class ColumnarBlocks {
  private ColumnarBlocks() {}

  /**
   * The blocks of {@code files} (a scan of exactly {@link CandleColumn#BARS}), each in time order;
   * empty when the physical plan has no column-wise file scan.
   */
  static Optional<List<byte[]>> read(Dataset<Row> files, TimeRange range) {
    Optional<SparkPlan> scan = columnarScan(files.queryExecution().executedPlan());
    if (scan.isEmpty()) {
      return Optional.empty();
    }
    int[] at = new int[CandleColumn.BARS.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = scan.get().schema().fieldIndex(CandleColumn.BARS.get(i).columnName());
    }
    LocalHandoff.Ticket ticket = LocalHandoff.open();
    try {
      ToBlocks toBlocks =
          new ToBlocks(at, Micros.of(range.start()), Micros.of(range.end()), ticket);
      List<byte[]> returned = PartitionBlocks.collect(scan.get().executeColumnar(), toBlocks);
      return Optional.of(LocalHandoff.take(ticket, returned));
    } finally {
      LocalHandoff.close(ticket);
    }
  }

  private static Optional<SparkPlan> columnarScan(SparkPlan plan) {
    if (plan instanceof FileSourceScanExec && plan.supportsColumnar()) {
      return Optional.of(plan);
    }
    List<SparkPlan> children = new ArrayList<>(CollectionConverters.asJava(plan.children()));
    return children.size() == 1 ? columnarScan(children.get(0)) : Optional.empty();
  }

  /**
   * A partition's batches as blocks, each exactly sized from what one batch kept: one block per
   * batch, or more where a batch's times step back (so that every block is in time order and the
   * blocks of day files that do not overlap do not overlap either: the driver puts them in order
   * without a sort). Rows outside the range are left out.
   */
  static final class ToBlocks implements FlatMapFunction<Iterator<ColumnarBatch>, byte[]> {
    private static final long serialVersionUID = 1L;
    private final int[] at;
    private final long start;
    private final long end;
    private final LocalHandoff.Ticket ticket;

    ToBlocks(int[] at, long start, long end, LocalHandoff.Ticket ticket) {
      this.at = at;
      this.start = start;
      this.end = end;
      this.ticket = ticket;
    }

    @Override
    public Iterator<byte[]> call(Iterator<ColumnarBatch> batches) {
      List<byte[]> blocks = new ArrayList<>();
      Scratch scratch = new Scratch();
      while (batches.hasNext()) {
        cut(batches.next(), scratch, blocks);
      }
      return LocalHandoff.hand(ticket, blocks).iterator();
    }

    /** Adds the blocks of batch {@code b} to {@code blocks}. */
    private void cut(ColumnarBatch b, Scratch scratch, List<byte[]> blocks) {
      int n = b.numRows();
      if (scratch.ts.length < n) {
        scratch.ts = new long[n];
        scratch.rows = new int[n];
        scratch.values = new double[5][n];
      }
      long[] ts = scratch.ts;
      int[] rows = scratch.rows;
      ColumnVector tv = b.column(at[0]);
      boolean nulls = tv.hasNull();
      List<Integer> cuts = new ArrayList<>();
      int size = 0;
      for (int r = 0; r < n; r++) {
        long t = nulls && tv.isNullAt(r) ? Long.MIN_VALUE : tv.getLong(r);
        if (t >= start && t < end) {
          if (size > 0 && t < ts[size - 1]) {
            cuts.add(size);
          }
          ts[size] = t;
          rows[size++] = r;
        }
      }
      for (int k = 0; k < 5; k++) {
        copy(b.column(at[k + 1]), rows, size, scratch.values[k]);
      }
      cuts.add(size);
      int from = 0;
      for (int to : cuts) {
        if (to > from) {
          blocks.add(CandleColumns.toBlock(ts, scratch.values, from, to, 0));
        }
        from = to;
      }
    }

    /** {@code to[i] = column[rows[i]]} for {@code i < size}, NaN for a null. */
    private static void copy(ColumnVector column, int[] rows, int size, double[] to) {
      if (column.hasNull()) {
        for (int i = 0; i < size; i++) {
          to[i] = column.isNullAt(rows[i]) ? Double.NaN : column.getDouble(rows[i]);
        }
      } else {
        for (int i = 0; i < size; i++) {
          to[i] = column.getDouble(rows[i]);
        }
      }
    }
  }

  /** One task's columns for a batch before it becomes a block, reused from batch to batch. */
  private static final class Scratch {
    long[] ts = new long[0];
    int[] rows = new int[0];
    double[][] values = new double[5][0];
  }
}
