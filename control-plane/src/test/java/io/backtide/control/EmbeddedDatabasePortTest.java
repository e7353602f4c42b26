package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking over from a killed control plane, the server comes back on the port it had. */
class EmbeddedDatabasePortTest {

  @Test
  void theOrphansPortIsReadFromPostmasterPidWhileItsProcessLives(@TempDir Path dir)
      throws Exception {
    long alive = ProcessHandle.current().pid();
    Files.writeString(
        dir.resolve("postmaster.pid"),
        alive + "\n" + dir + "\n1764600000\n54321\n/tmp\n127.0.0.1\n");

    assertThat(EmbeddedDatabase.orphanPort(dir)).isEqualTo(54321);
  }

  @Test
  void noLiveOrphanMeansAFreshPort(@TempDir Path dir) throws Exception {
    assertThat(EmbeddedDatabase.orphanPort(dir)).as("no pid file").isZero();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(dir.resolve("postmaster.pid"), gone.pid() + "\n" + dir + "\n0\n54321\n");

    assertThat(EmbeddedDatabase.orphanPort(dir)).as("its process is gone").isZero();
  }
}
