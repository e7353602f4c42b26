package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderLockTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void secondOwnerIsRefusedWithTheHolderNamed(@TempDir Path data) {
    try (DataFolderLock first = DataFolderLock.acquire(data, CLOCK)) {
      assertThatThrownBy(() -> DataFolderLock.acquire(data, CLOCK))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the data folder " + data + " is in use by another control plane")
          .hasMessageContaining("(pid " + ProcessHandle.current().pid() + " on host ")
          .hasMessageContaining("started at 2026-01-05T10:00:00Z")
          .hasMessageContaining("set BACKTIDE_DATA_DIR to another folder");
      assertThat(first.isHeld()).as("the first is untouched").isTrue();
    }
  }

  @Test
  void aReleasedFolderCanBeTakenAgain(@TempDir Path data) throws Exception {
    DataFolderLock first = DataFolderLock.acquire(data.resolve("new"), CLOCK);
    first.close();

    try (DataFolderLock second = DataFolderLock.acquire(data.resolve("new"), CLOCK)) {
      assertThat(second.isHeld()).isTrue();
      assertThat(Files.readString(second.file())).startsWith("pid ").endsWith("\n");
    }
  }

  @Test
  void embeddedDatabaseNeedsAHeldLock(@TempDir Path data) {
    DataFolderLock released = DataFolderLock.acquire(data, CLOCK);
    released.close();

    assertThatThrownBy(() -> EmbeddedDatabase.start(data.resolve("postgres"), released))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is no longer held");
    assertThat(data.resolve("postgres")).doesNotExist();
  }
}
