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

  /**
   * Creates {@code root/jars} (links to the jar files in {@code classpath}) and {@code root/conf};
   * folders in {@code classpath} go to {@code SPARK_DIST_CLASSPATH}.
   */
  public static SparkHome create(Path root, List<Path> jars) {
    if (jars.isEmpty()) {
      throw new IllegalArgumentException("no jars for " + root + ": pass Spark's runtime jars");
    }
    try {
      Path dir = Files.createDirectories(root.resolve("jars"));
      Files.createDirectories(root.resolve("conf"));
      for (Path jar : jars.stream().filter(Files::isRegularFile).toList()) {
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
   * This JVM's class path (under Surefire: the test class path) without this module's own class
   * folders ({@code target/classes}, {@code target/test-classes}): ship those in an application
   * jar, so that a test proves the jar reaches the executors. Other modules' folders (a reactor
   * build before {@code package}) stay and reach executors through {@code SPARK_DIST_CLASSPATH}.
   */
  public static List<Path> classpathOfThisJvm() {
    Path testClasses = TestJars.locationOf(SparkHome.class).toAbsolutePath();
    Path classes = testClasses.resolveSibling("classes");
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath())
        .filter(p -> !p.equals(testClasses) && !p.equals(classes))
        .filter(p -> p.toString().endsWith(".jar") ? Files.isRegularFile(p) : Files.isDirectory(p))
        .toList();
  }

  public Path root() {
    return root;
  }

  /** The class path as given: the targets of the links in {@code jars/}, and class folders. */
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

  /**
   * What every process of the cluster needs in its environment. {@code SPARK_DIST_CLASSPATH} (class
   * folders) is appended by the worker to each executor's class path.
   */
  public Map<String, String> environment() {
    String folders =
        jars.stream()
            .filter(Files::isDirectory)
            .map(Path::toString)
            .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    return Map.of(
        "SPARK_HOME",
        root.toAbsolutePath().toString(),
        "SPARK_SCALA_VERSION",
        "2.13",
        "SPARK_LOCAL_IP",
        "127.0.0.1",
        "SPARK_DIST_CLASSPATH",
        folders);
  }
}
