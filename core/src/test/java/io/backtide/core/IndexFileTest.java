package io.backtide.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFileTest {
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  @TempDir Path dir;

  private static IndexEntry entry(String day, String sha) {
    return new IndexEntry(
        "sim/BTCUSDT/candle/1m/" + day + ".parquet", day, 1440, 100, sha, "a", "b", 1);
  }

  @Test
  void anAbsentFileIsTheEmptyIndexServedAsNullGeneratedAtAndNoFiles() {
    assertThat(IndexFile.read(dir.resolve(IndexFile.FILE_NAME))).isEqualTo(IndexFile.NONE);
    assertThat(new String(IndexFile.NONE.toJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"generated_at\":null,\"files\":[]}");
  }

  @Test
  void updatesReplaceEntriesOfTheSamePathAndKeepThemSortedByPath() {
    IndexFile first = IndexFile.NONE.with(List.of(entry("2026-01-02", "b")), NOW);
    IndexFile second =
        first.with(List.of(entry("2026-01-01", "a"), entry("2026-01-02", "c")), NOW.plusSeconds(1));

    assertThat(second.generatedAt()).isEqualTo("2026-01-05T10:00:01Z");
    assertThat(second.files())
        .extracting(IndexEntry::date)
        .containsExactly("2026-01-01", "2026-01-02");
    assertThat(second.files()).extracting(IndexEntry::sha256).containsExactly("a", "c");
  }

  @Test
  void writtenIndexReadsBackEqualAndLeavesNoTempFile() throws IOException {
    Path file = dir.resolve(IndexFile.FILE_NAME);
    IndexFile index = IndexFile.NONE.with(List.of(entry("2026-01-01", "a")), NOW);

    index.writeAtomically(file);

    assertThat(IndexFile.read(file)).isEqualTo(index);
    assertThat(Files.readString(file)).contains("\"generated_at\" : \"2026-01-05T10:00:00Z\"");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void parseIgnoresUnknownFieldsButRequiresTheFilesArray() throws IOException {
    byte[] extra =
        "{\"generated_at\":\"x\",\"files\":[],\"later\":1}".getBytes(StandardCharsets.UTF_8);
    assertThat(IndexFile.parse(extra).generatedAt()).isEqualTo("x");

    assertThatThrownBy(
            () -> IndexFile.parse("{\"generated_at\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessage("no \"files\" array");
  }

  @Test
  void anUnreadableFileNamesItself() throws IOException {
    Path file = Files.writeString(dir.resolve(IndexFile.FILE_NAME), "not json");
    assertThatThrownBy(() -> IndexFile.read(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot read the published index " + file);
  }
}
