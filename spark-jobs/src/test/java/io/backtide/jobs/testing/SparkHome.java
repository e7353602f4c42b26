package io.backtide.jobs.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a Spark distribution, enough for a standalone worker to launch executors.
 *
 * <p>A worker builds each executor's command line with Spark's {@code WorkerCommandBuilder}: {@code
 * $JAVA_HOME/bin/java -cp <spark.executor.extraClassPath>:$SPARK_HOME/conf/:$SPARK_HOME/jars/*
 * -Xmx<memory> <options> CoarseGrainedExecutorBackend ...}. It fails unless {@code
 * $SPARK_HOME/jars} exists, and it needs the Scala version, which a real distribution does not say
 * either: it comes from {@code SPARK_SCALA_VERSION} (or a {@code launcher/target/scala-2.13} folder
 * of a source build). So this folder holds {@code jars/} with a link to every jar the cluster's
 * JVMs need and an empty {@code conf/}, and {@link #environment()} sets {@code SPARK_HOME}, {@code
 * SPARK_SCALA_VERSION=2.13} and {@code SPARK_LOCAL_IP=127.0.0.1}.
 */
public final class SparkHome {
  private final Path root;
  private final List<Path> jars;

  private SparkHome(Path root, List<Path> jars) {
    this.root = root;
    this.jars = List.copyOf(jars);
  }

  /** Creates {@code root/jars} (links to {@code jars}) and {@code root/conf}. */
  public static SparkHome create(Path root, List<Path> jars) {
    if (jars.isEmpty()) {
      throw new IllegalArgumentException("no jars for " + root + ": pass Spark's runtime jars");
    }
    try {
      Path dir = Files.createDirectories(root.resolve("jars"));
      Files.createDirectories(root.resolve("conf"));
      for (Path jar : jars) {
        Path link = dir.resolve(jar.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, jar.toAbsolutePath());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out a Spark home under " + root, e);
    }
    return new SparkHome(root, jars);
  }

  /**
   * The jar files on this JVM's class path (under Surefire: the test class path). Folders such as
   * {@code target/classes} are left out: ship them in an application jar.
   */
  public static List<Path> jarsOfThisJvm() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> entry.endsWith(".jar"))
        .map(Path::of)
        .filter(Files::isRegularFile)
        .toList();
  }

  public Path root() {
    return root;
  }

  /** The jars as given (the targets of the links in {@code jars/}). */
  public List<Path> jars() {
    return jars;
  }

  /** Removes the links in {@code jars/} (never their targets), e.g. before a temp folder goes. */
  public void removeLinks() {
    try (var links = Files.list(root.resolve("jars"))) {
      for (Path link : links.toList()) {
        Files.deleteIfExists(link);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + root.resolve("jars"), e);
    }
  }

  /** What every process of the cluster needs in its environment. */
  public Map<String, String> environment() {
    return Map.of(
        "SPARK_HOME", root.toAbsolutePath().toString(),
        "SPARK_SCALA_VERSION", "2.13",
        "SPARK_LOCAL_IP", "127.0.0.1");
  }
}
