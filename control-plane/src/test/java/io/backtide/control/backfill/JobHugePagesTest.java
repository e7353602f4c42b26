package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobHugePagesTest {
  @TempDir Path dir;

  @Test
  void jobHeapsAskForHugePagesWhereTheKernelOffersThem() throws IOException {
    assertThat(JobHugePages.options(setting("always [madvise] never\n")))
        .containsExactly("-XX:+UseTransparentHugePages");
    assertThat(JobHugePages.options(setting("[always] madvise never\n")))
        .containsExactly("-XX:+UseTransparentHugePages");
  }

  @Test
  void notWhereItDoesNot() throws IOException {
    assertThat(JobHugePages.options(setting("always madvise [never]\n"))).isEmpty();
    assertThat(JobHugePages.options(setting("garbage\n"))).isEmpty();
    assertThat(JobHugePages.options(dir.resolve("no-such-file"))).isEmpty();
  }

  private Path setting(String line) throws IOException {
    return Files.writeString(dir.resolve("enabled"), line);
  }
}
