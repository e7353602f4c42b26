package io.backtide.backtest.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Runs one Spark job whose tasks each turn their partition into blocks, and collects the blocks in
 * partition order. Spark's Java RDD API ({@code mapPartitions}, {@code collect}) wraps each
 * function in a Scala lambda, and before every job Spark's closure cleaner checks such a lambda by
 * parsing the bytecode of the class that made it ({@code JavaRDDLike}, {@code RDD}) and serializing
 * it: on the first read in a JVM that was over a quarter of the driver's time, and the class-file
 * parser was the JIT compiler's largest work. This function object is not a lambda, so the cleaner
 * leaves it alone, and the job runs the same tasks.
 *
 * @param <T> the partition's elements (column batches or rows)
 */
final class PartitionBlocks<T> extends AbstractFunction2<TaskContext, Iterator<T>, List<byte[]>>
    implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FlatMapFunction<java.util.Iterator<T>, byte[]> toBlocks;

  private PartitionBlocks(FlatMapFunction<java.util.Iterator<T>, byte[]> toBlocks) {
    this.toBlocks = toBlocks;
  }

  /** The blocks of every partition of {@code rdd}, partition by partition. */
  static <T> List<byte[]> collect(RDD<T> rdd, FlatMapFunction<java.util.Iterator<T>, byte[]> f) {
    Object[] results =
        (Object[])
            rdd.sparkContext()
                .runJob(rdd, new PartitionBlocks<>(f), ClassTag$.MODULE$.apply(List.class));
    List<byte[]> blocks = new ArrayList<>();
    for (Object r : results) {
      for (Object block : (List<?>) r) {
        blocks.add((byte[]) block);
      }
    }
    return blocks;
  }

  @Override
  public List<byte[]> apply(TaskContext context, Iterator<T> partition) {
    List<byte[]> blocks = new ArrayList<>();
    try {
      toBlocks.call(CollectionConverters.asJava(partition)).forEachRemaining(blocks::add);
    } catch (Exception e) {
      // as it was thrown (Spark's read failures are checked Scala exceptions), as Spark's own
      // wrapper of the function would let it through
      throw PartitionBlocks.<RuntimeException>unchanged(e);
    }
    return blocks;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E unchanged(Exception e) throws E {
    throw (E) e;
  }
}
