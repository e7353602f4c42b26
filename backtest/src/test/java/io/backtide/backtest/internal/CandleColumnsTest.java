package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CandleColumnsTest {

  static CandleColumns build(long... ts) {
    CandleColumns.Builder b = CandleColumns.builder();
    for (long t : ts) {
      b.add(t, t, t, t, t * 10, 1);
    }
    return b.build();
  }

  static long[] times(CandleColumns c) {
    return IntStream.range(0, c.size()).mapToLong(c::tsMicros).toArray();
  }

  @Test
  void filesArrivingOutOfOrderArePutInOrderWithTheirColumns() {
    CandleColumns c = build(7, 8, 9, 1, 2, 3, 4, 5, 6);

    assertThat(times(c)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(c.close(0)).isEqualTo(10.0);
    assertThat(c.close(8)).isEqualTo(90.0);
  }

  @Test
  void overlappingRunsGetAFullSort() {
    CandleColumns c = build(1, 5, 9, 2, 6, 3);

    assertThat(times(c)).containsExactly(1, 2, 3, 5, 6, 9);
    assertThat(c.close(1)).isEqualTo(20.0);
  }

  @Test
  void growsBeyondItsFirstCapacity() {
    CandleColumns.Builder b = CandleColumns.builder();
    for (int i = 0; i < 5000; i++) {
      b.add(i, 1, 1, 1, i, 1);
    }

    CandleColumns c = b.build();

    assertThat(c.size()).isEqualTo(5000);
    assertThat(c.close(4999)).isEqualTo(4999.0);
    assertThat(build().size()).isZero();
  }

  @Test
  void extraColumnsStayWithTheirRowsThroughSortsBlocksAndCarriedWindows() {
    List<String> names = List.of("trades", "quote_volume");
    CandleColumns.Builder b = CandleColumns.builder(names);
    for (long t : new long[] {5, 6, 1, 2}) {
      b.add(t, 1, 1, 1, t, 1).extra(0, t * 100).extra(1, t + 0.5);
    }
    CandleColumns first = b.build();
    CandleColumns.Builder later = CandleColumns.builder(names);
    later.add(8, 1, 1, 1, 8, 1).extra(0, 800).extra(1, 8.5);

    CandleColumns next =
        CandleColumns.fromBlocks(first, 2, List.of(later.build().toBlock()), names);

    assertThat(times(first)).containsExactly(1, 2, 5, 6);
    assertThat(first.window(0, 4).extras("trades")).containsExactly(100, 200, 500, 600);
    assertThat(times(next)).containsExactly(5, 6, 8);
    assertThat(next.window(0, 3).extras("trades")).containsExactly(500, 600, 800);
    assertThat(next.window(1, 2).extra("quote_volume", 1)).isEqualTo(8.5);
    assertThat(next.extraNames()).isEqualTo(names);
  }
}
