package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.junit.jupiter.api.Test;

/**
 * A partition's column batches become exactly sized blocks in time order, and a task in the
 * driver's JVM hands them over without the task result.
 */
class ToBlocksTest {

  /** The batch layout: ts, open, high, low, close, volume; close = 10 * ts, volume null at 3. */
  static ColumnarBatch batch(long... ts) {
    OnHeapColumnVector[] v = new OnHeapColumnVector[6];
    v[0] = new OnHeapColumnVector(ts.length, DataTypes.TimestampType);
    for (int k = 1; k < 6; k++) {
      v[k] = new OnHeapColumnVector(ts.length, DataTypes.DoubleType);
    }
    for (int r = 0; r < ts.length; r++) {
      v[0].putLong(r, ts[r]);
      for (int k = 1; k < 5; k++) {
        v[k].putDouble(r, k == 4 ? ts[r] * 10.0 : ts[r] + k);
      }
      if (ts[r] == 3) {
        v[5].putNull(r);
      } else {
        v[5].putDouble(r, 1);
      }
    }
    ColumnarBatch b = new ColumnarBatch((ColumnVector[]) v);
    b.setNumRows(ts.length);
    return b;
  }

  static ColumnarBlocks.ToBlocks toBlocks(long start, long end, LocalHandoff.Ticket ticket) {
    return new ColumnarBlocks.ToBlocks(new int[] {0, 1, 2, 3, 4, 5}, start, end, ticket);
  }

  static final LocalHandoff.Ticket ELSEWHERE = new LocalHandoff.Ticket("another JVM", "read");

  static List<byte[]> blocks(ColumnarBlocks.ToBlocks f, ColumnarBatch... batches) {
    List<byte[]> out = new ArrayList<>();
    f.call(List.of(batches).iterator()).forEachRemaining(out::add);
    return out;
  }

  static long[] times(byte[] block) {
    ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.nativeOrder());
    long[] ts = new long[b.getInt(0)];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = b.getLong(8 + i * 8);
    }
    return ts;
  }

  static int bytes(int rows) {
    return 8 + rows * 6 * 8;
  }

  @Test
  void eachBatchBecomesOneExactlySizedBlockAcrossBatchBoundaries() {
    // a bigger batch first, so the scratch columns are longer than the second batch
    List<byte[]> out = blocks(toBlocks(0, 100, ELSEWHERE), batch(1, 2, 3, 4, 5), batch(6, 7));

    assertThat(out).hasSize(2);
    assertThat(times(out.get(0))).containsExactly(1, 2, 3, 4, 5);
    assertThat(times(out.get(1))).containsExactly(6, 7);
    assertThat(out.get(0)).hasSize(bytes(5));
    assertThat(out.get(1)).as("no slack from the longer batch before").hasSize(bytes(2));
    CandleColumns c = CandleColumns.fromBlocks(null, 0, out);
    assertThat(c.close).containsExactly(10, 20, 30, 40, 50, 60, 70);
    assertThat(c.values[0]).containsExactly(2, 3, 4, 5, 6, 7, 8);
    assertThat(c.values[4][2]).as("a null volume").isNaN();
    assertThat(c.values[4][3]).isEqualTo(1);
  }

  @Test
  void aBatchWhoseTimesStepBackIsCutIntoBlocksInTimeOrder() {
    List<byte[]> out = blocks(toBlocks(0, 100, ELSEWHERE), batch(7, 8, 9, 1, 2, 3));

    assertThat(out).hasSize(2);
    assertThat(times(out.get(0))).containsExactly(7, 8, 9);
    assertThat(times(out.get(1))).containsExactly(1, 2, 3);
    CandleColumns c = CandleColumns.fromBlocks(null, 0, out);
    assertThat(c.ts).containsExactly(1, 2, 3, 7, 8, 9);
    assertThat(c.close).containsExactly(10, 20, 30, 70, 80, 90);
  }

  @Test
  void rowsOutsideTheRangeAreLeftOutAndEmptyBatchesGiveNoBlock() {
    List<byte[]> out =
        blocks(toBlocks(3, 6, ELSEWHERE), batch(1, 2), batch(), batch(2, 3, 4, 5, 6), batch(9));

    assertThat(out).hasSize(1);
    assertThat(times(out.get(0))).containsExactly(3, 4, 5);
    assertThat(out.get(0)).hasSize(bytes(3));
    assertThat(blocks(toBlocks(3, 6, ELSEWHERE))).as("an empty partition").isEmpty();
  }

  @Test
  void nullTimesAreLeftOutAndValuesStayWithTheirTimesAcrossCutsAndGaps() {
    ColumnarBatch b = batch(7, 8, 1, 2, 5, 3, 9);
    ((OnHeapColumnVector) b.column(0)).putNull(4); // the row of 5
    List<byte[]> out = blocks(toBlocks(2, 9, ELSEWHERE), b);

    assertThat(out).hasSize(2);
    assertThat(times(out.get(0))).containsExactly(7, 8);
    assertThat(times(out.get(1))).containsExactly(2, 3);
    CandleColumns c = CandleColumns.fromBlocks(null, 0, out);
    assertThat(c.ts).containsExactly(2, 3, 7, 8);
    assertThat(c.close).containsExactly(20, 30, 70, 80);
    assertThat(c.values[1]).containsExactly(4, 5, 9, 10); // high = ts + 2
    assertThat(c.values[4][1]).as("the null volume of 3").isNaN();
    assertThat(c.values[4][0]).isEqualTo(1);
  }

  @Test
  void aSingleCandleIsABlockOfOne() {
    List<byte[]> out = blocks(toBlocks(0, 100, ELSEWHERE), batch(42));

    assertThat(out).hasSize(1);
    CandleColumns c = CandleColumns.fromBlocks(null, 0, out);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.tsMicros(0)).isEqualTo(42);
    assertThat(c.close(0)).isEqualTo(420);
  }

  @Test
  void inTheDriversJvmTheBlocksAreHandedOverAsOneHandle() {
    LocalHandoff.Ticket ticket = LocalHandoff.open();
    List<byte[]> returned = blocks(toBlocks(0, 100, ticket), batch(1, 2), batch(3));

    assertThat(returned).hasSize(1);
    assertThat(ByteBuffer.wrap(returned.get(0)).getInt()).isEqualTo(LocalHandoff.HANDLE);
    List<byte[]> taken = LocalHandoff.take(ticket, returned);
    assertThat(taken).hasSize(2);
    assertThat(times(taken.get(0))).containsExactly(1, 2);
    assertThat(times(taken.get(1))).containsExactly(3);
    assertThatThrownBy(() -> LocalHandoff.take(ticket, returned))
        .as("a handle is taken once")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void afterTheTicketIsClosedTasksReturnTheirBlocks() {
    LocalHandoff.Ticket ticket = LocalHandoff.open();
    LocalHandoff.close(ticket);

    List<byte[]> returned = blocks(toBlocks(0, 100, ticket), batch(1, 2));

    assertThat(returned).hasSize(1);
    assertThat(times(returned.get(0))).containsExactly(1, 2);
    assertThat(times(LocalHandoff.take(ticket, returned).get(0))).containsExactly(1, 2);
  }
}
