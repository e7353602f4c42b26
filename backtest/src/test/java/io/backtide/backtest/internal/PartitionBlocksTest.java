package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backtide.backtest.TestSpark;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One job over every partition; the blocks come back complete, partition by partition. */
class PartitionBlocksTest {

  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start(dir);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void everyPartitionsBlocksComeBackInPartitionOrder() {
    List<Integer> values = IntStream.range(0, 1000).boxed().toList();
    RDD<Integer> rdd =
        new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
            .parallelize(values, 7)
            .rdd();

    List<byte[]> blocks = PartitionBlocks.collect(rdd, new Whole());

    List<Integer> read = new ArrayList<>();
    for (byte[] b : blocks) {
      ByteBuffer buffer = ByteBuffer.wrap(b);
      while (buffer.hasRemaining()) {
        read.add(buffer.getInt());
      }
    }
    assertThat(blocks).hasSize(7);
    assertThat(read).isEqualTo(values);
  }

  @Test
  void aFailingTaskFailsTheJob() {
    RDD<Integer> rdd =
        new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
            .parallelize(List.of(1, 2, 3), 3)
            .rdd();

    assertThatThrownBy(() -> PartitionBlocks.collect(rdd, new Failing()))
        .hasMessageContaining("no blocks for 2");
  }

  /** One block of the partition's values. */
  static final class Whole implements FlatMapFunction<Iterator<Integer>, byte[]> {
    @Override
    public Iterator<byte[]> call(Iterator<Integer> values) {
      List<Integer> all = new ArrayList<>();
      values.forEachRemaining(all::add);
      ByteBuffer b = ByteBuffer.allocate(all.size() * Integer.BYTES);
      all.forEach(b::putInt);
      return List.of(b.array()).iterator();
    }
  }

  /** Fails on the value 2. */
  static final class Failing implements FlatMapFunction<Iterator<Integer>, byte[]> {
    @Override
    public Iterator<byte[]> call(Iterator<Integer> values) {
      values.forEachRemaining(
          v -> {
            if (v == 2) {
              throw new IllegalStateException("no blocks for " + v);
            }
          });
      return List.<byte[]>of().iterator();
    }
  }
}
