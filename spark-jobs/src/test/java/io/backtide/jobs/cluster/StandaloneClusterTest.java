package io.backtide.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.backtide.jobs.testing.ChildJvm;
import io.backtide.jobs.testing.SparkHome;
import io.backtide.jobs.testing.StandaloneCluster;
import io.backtide.jobs.testing.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone-cluster harness on a real master and worker, with a job that needs executors. */
class StandaloneClusterTest {
  @TempDir static Path dir;
  private static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 1, SparkHome.classpathOfThisJvm());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      List<ChildJvm> daemons = cluster.daemons();
      cluster.close();
      assertThat(daemons).noneMatch(ChildJvm::isAlive);
      assertThat(daemons)
          .allSatisfy(
              d -> assertThat(ProcessHandle.of(d.pid()).filter(ProcessHandle::isAlive)).isEmpty());
    }
  }

  @Test
  void workerRegistersWithTheMasterOnLoopback() {
    JsonNode state = cluster.state();

    assertThat(state.path("url").asText()).isEqualTo(cluster.masterUrl());
    assertThat(state.path("aliveworkers").asInt()).isEqualTo(1);
    assertThat(state.path("workers").get(0).path("host").asText()).isEqualTo("127.0.0.1");
    assertThat(state.path("workers").get(0).path("cores").asInt()).isEqualTo(1);
  }

  @Test
  void submittedJobRunsItsTasksOnTheWorkersExecutor() throws Exception {
    Path jar =
        TestJars.ofFolders(
            dir.resolve("smoke.jar"), List.of(TestJars.locationOf(ClusterSmokeJob.class)));
    Path out = dir.resolve("smoke.txt");

    ChildJvm job =
        cluster.submit(
            "smoke",
            List.of(
                "--class",
                ClusterSmokeJob.class.getName(),
                "--conf",
                "spark.executor.memory=512m",
                jar.toString(),
                out.toString()));

    assertThat(job.waitFor(Duration.ofMinutes(3))).as(job.logTail(60)).isZero();
    assertThat(Files.readAllLines(out))
        .containsExactly("sum=" + (1000L * 1001 * 2001 / 6), "executors=0");
    JsonNode app = cluster.state().path("completedapps").get(0);
    assertThat(app.path("name").asText()).isEqualTo("backtide-cluster-smoke");
    assertThat(app.path("state").asText()).isEqualTo("FINISHED");
  }

  @Test
  void startWithoutWorkersIsRejected() {
    assertThatThrownBy(() -> StandaloneCluster.start(dir.resolve("none"), 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers 0 must be at least 1");
  }
}
