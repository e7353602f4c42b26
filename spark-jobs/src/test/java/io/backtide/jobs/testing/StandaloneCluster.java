package io.backtide.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Spark standalone cluster on 127.0.0.1: one {@code Master} and {@code n} {@code Worker}s,
 * each a child JVM started from the Spark jars the build already has. No Spark distribution is
 * needed: the workers build executor command lines from a {@code SPARK_HOME} of ours whose {@code
 * jars/} links to those same jars ({@link SparkHome}). {@link #close()} stops every process (and
 * the executors the workers started) by process id.
 *
 * <pre>{@code
 * try (var cluster = StandaloneCluster.start(tempDir, 1, SparkHome.classpathOfThisJvm())) {
 *   ChildJvm job = cluster.submit("job", List.of("--class", "x.Main", appJar.toString()));
 *   assertThat(job.waitFor(Duration.ofMinutes(2))).isZero();
 * }
 * }</pre>
 */
public final class StandaloneCluster implements AutoCloseable {
  /**
   * Three JVMs starting at once on a 2-core machine under load (~30) took more than 90 s before the
   * master's web UI answered; the master alone answered after 29 s.
   */
  private static final Duration STARTUP = Duration.ofSeconds(240);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final SparkHome home;
  private final int masterPort;
  private final int masterUiPort;
  private final List<ChildJvm> daemons = new ArrayList<>();
  private final List<ChildJvm> submitted = new ArrayList<>();

  private StandaloneCluster(Path root, SparkHome home, int masterPort, int masterUiPort) {
    this.root = root;
    this.home = home;
    this.masterPort = masterPort;
    this.masterUiPort = masterUiPort;
  }

  /**
   * Starts a master and {@code workers} workers (1 core, 1 GiB each) under {@code root} and waits
   * until all workers are registered with the master.
   *
   * @param classpath the "distribution": Spark and whatever every JVM of the cluster needs (jar
   *     files are linked into {@code SPARK_HOME/jars}, class folders go to SPARK_DIST_CLASSPATH)
   */
  public static StandaloneCluster start(Path root, int workers, List<Path> classpath) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers " + workers + " must be at least 1");
    }
    SparkHome home = SparkHome.create(root.resolve("spark-home"), classpath);
    StandaloneCluster cluster = new StandaloneCluster(root, home, freePort(), freePort());
    try {
      cluster.startMaster();
      for (int i = 1; i <= workers; i++) {
        cluster.startWorker(i);
      }
      cluster.awaitWorkers(workers);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's web UI; {@code /json/} on it describes the cluster. */
  public URI masterWebUi() {
    return URI.create("http://127.0.0.1:" + masterUiPort);
  }

  public SparkHome sparkHome() {
    return home;
  }

  /** Every process of the cluster (master first, then the workers). */
  public List<ChildJvm> daemons() {
    return List.copyOf(daemons);
  }

  /**
   * Runs {@code spark-submit --master <this> --deploy-mode client <args>} as a child JVM ({@code
   * org.apache.spark.deploy.SparkSubmit}, the class behind the script) with the cluster's jars as
   * its classpath. The driver binds to 127.0.0.1. The process is stopped by {@link #close()} if
   * still running.
   */
  public ChildJvm submit(String name, List<String> args) {
    List<String> all = new ArrayList<>();
    all.addAll(List.of("--master", masterUrl(), "--deploy-mode", "client"));
    all.addAll(List.of("--conf", "spark.driver.host=127.0.0.1"));
    all.addAll(List.of("--conf", "spark.driver.bindAddress=127.0.0.1"));
    all.addAll(List.of("--conf", "spark.ui.enabled=false"));
    all.addAll(args);
    ChildJvm job =
        ChildJvm.start(
            name,
            home.jars(),
            List.of("-Xmx1g"),
            "org.apache.spark.deploy.SparkSubmit",
            all,
            home.environment(),
            root.resolve("logs").resolve(name + ".log"));
    submitted.add(job);
    return job;
  }

  /** The master's {@code /json/} document (workers, applications, their states). */
  public JsonNode state() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(masterWebUi().resolve("/json/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      return JSON.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException("master web UI " + masterWebUi() + " does not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the master", e);
    }
  }

  private void startMaster() {
    List<String> args =
        List.of(
            "--host", "127.0.0.1",
            "--port", String.valueOf(masterPort),
            "--webui-port", String.valueOf(masterUiPort));
    daemons.add(daemon("master", "org.apache.spark.deploy.master.Master", args));
  }

  private void startWorker(int index) {
    Path workDir = root.resolve("worker-" + index);
    List<String> args =
        List.of(
            masterUrl(),
            "--host",
            "127.0.0.1",
            "--cores",
            "1",
            "--memory",
            "1g",
            "--webui-port",
            "0",
            "--work-dir",
            workDir.toString());
    daemons.add(daemon("worker-" + index, "org.apache.spark.deploy.worker.Worker", args));
  }

  private ChildJvm daemon(String name, String mainClass, List<String> args) {
    return ChildJvm.start(
        name,
        home.jars(),
        List.of("-Xmx256m"),
        mainClass,
        args,
        home.environment(),
        root.resolve("logs").resolve(name + ".log"));
  }

  private void awaitWorkers(int expected) {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      for (ChildJvm daemon : daemons) {
        if (!daemon.isAlive()) {
          throw new IllegalStateException(
              daemon.name() + " exited during start-up. Log tail:\n" + daemon.logTail(40));
        }
      }
      try {
        JsonNode state = state();
        if (state.path("aliveworkers").asInt() == expected) {
          return;
        }
        last = state.toString();
      } catch (UncheckedIOException e) {
        last = e.getMessage();
      }
      sleep(Duration.ofMillis(300));
    }
    throw new IllegalStateException(
        expected + " workers did not register within " + STARTUP + "; master said: " + last);
  }

  /** Stops submitted jobs, then workers (and their executors), then the master: by process id. */
  @Override
  public void close() {
    List<ChildJvm> all = new ArrayList<>(submitted);
    for (int i = daemons.size() - 1; i >= 0; i--) {
      all.add(daemons.get(i));
    }
    RuntimeException first = null;
    for (ChildJvm jvm : all) {
      try {
        jvm.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    home.removeLinks();
    if (first != null) {
      throw first;
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the cluster", e);
    }
  }
}
