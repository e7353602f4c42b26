package io.backtide.jobs.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A tiny Spark application for the cluster smoke test: sums squares over 4 partitions and notes
 * which executors ran the tasks. Its lambdas live in this class, so the executors can only run them
 * if the application jar reached them. Writes {@code sum=...} and {@code executors=...} to the file
 * named by its only argument.
 */
public final class ClusterSmokeJob {
  private ClusterSmokeJob() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().appName("backtide-cluster-smoke").getOrCreate();
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<Integer> numbers = IntStream.rangeClosed(1, 1000).boxed().toList();
      long sum = sc.parallelize(numbers, 4).map(n -> (long) n * n).reduce(Long::sum);
      List<String> executors =
          sc.parallelize(numbers, 4)
              .mapPartitions(rows -> List.of(SparkEnv.get().executorId()).iterator())
              .collect();
      String text = "sum=" + sum + "\nexecutors=" + String.join(",", new TreeSet<>(executors));
      Files.writeString(Path.of(args[0]), text + "\n", StandardCharsets.UTF_8);
    } finally {
      spark.stop();
    }
  }
}
