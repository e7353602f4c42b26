package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackfillArgsTest {
  static final String JOB = "7d5f1b8e-4c1a-4b7e-9a53-0f2d7f1c2a10";
  @TempDir Path data;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          --job-id | 42                        | --job-id '42' is not a UUID
          --page-size | 0                      | --page-size '0' is not a positive integer
          --write-mode | upsert                | --write-mode unknown write mode 'upsert': expected rebuild or merge
          --provider-url | ftp://x             | --provider-url 'ftp://x' is not an http(s) URL
          --warm-up-first | yes                | --warm-up-first 'yes' is not true or false
          --max-outage | soon                  | --max-outage 'soon' is not a duration: expected e.g. 90s, 15m, 2h, 7d, 600 or PT15M
          """)
  void badArgumentIsRejectedNamingIt(String name, String value, String message) {
    assertThatThrownBy(() -> BackfillArgs.parse(args(name, value), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest
  @CsvSource({"--feed, binance/BTCUSDT/candle/1m", "--start, 2026-01-01", "--end, 2026-01-02"})
  void feedAndRangeAreTheJobRowsNotArguments(String name, String value) {
    assertThatThrownBy(() -> BackfillArgs.parse(args(name, value), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown argument '" + name + "'");
  }

  @ParameterizedTest
  @CsvSource({"90s, 90", "15m, 900", "2h, 7200", "600, 600", "PT1M, 60"})
  void maxOutageIsTheProvidersPatience(String text, long seconds) {
    BackfillArgs parsed = BackfillArgs.parse(args("--max-outage", text), Map.of());
    assertThat(parsed.maxOutage()).hasSeconds(seconds);
  }

  @Test
  void maxOutageDefaultsToFifteenMinutesAndVacuumRetentionToAWeek() {
    BackfillArgs parsed = BackfillArgs.parse(args("--page-size", "500"), Map.of());
    assertThat(parsed.maxOutage()).hasMinutes(15);
    assertThat(parsed.run().vacuumRetention()).hasDays(7);
  }

  @Test
  void vacuumRetentionIsADurationFromTheCommandLineOrTheEnvironment() {
    Map<String, String> env = Map.of("BACKTIDE_VACUUM_RETENTION", "12h");
    assertThat(BackfillArgs.parse(args("--vacuum-retention", "1d"), env).run().vacuumRetention())
        .hasHours(24);
    assertThat(BackfillArgs.parse(args("--page-size", "500"), env).run().vacuumRetention())
        .hasHours(12);
    assertThatThrownBy(
            () ->
                BackfillArgs.parse(
                    args("--page-size", "500"), Map.of("BACKTIDE_VACUUM_RETENTION", "soon")))
        .hasMessageStartingWith("BACKTIDE_VACUUM_RETENTION 'soon' is not a duration");
  }

  @Test
  void unreadableDataRootIsRejected() throws Exception {
    Path file = Files.createFile(data.resolve("a-file"));
    assertThatThrownBy(() -> BackfillArgs.parse(args("--data-dir", file.toString()), Map.of()))
        .hasMessageStartingWith("--data-dir '" + file + "' is not a readable, writable folder");
  }

  @Test
  void databaseUrlFallsBackToTheEnvironment() {
    List<String> a = new ArrayList<>(List.of(args("--page-size", "500")));
    a.subList(a.indexOf("--db-url"), a.indexOf("--db-url") + 2).clear();
    BackfillArgs parsed =
        BackfillArgs.parse(a.toArray(String[]::new), Map.of("DB_URL", "jdbc:postgresql://h/db"));
    assertThat(parsed.dbUrl()).isEqualTo("jdbc:postgresql://h/db");
    assertThat(parsed.run().pageSize()).isEqualTo(500);
    assertThat(parsed.master()).isEqualTo("local[*]");
    assertThat(parsed.providerUrl().toString()).isEqualTo("https://api.binance.com");
    assertThat(parsed.run().warmUpFirst()).isFalse();
  }

  @Test
  void theArchiveIsBinancesPublicHostUnlessTurnedOffOrMoved() {
    assertThat(BackfillArgs.parse(args("--page-size", "5"), Map.of()).archiveUrl())
        .contains(java.net.URI.create("https://data.binance.vision"));
    assertThat(
            BackfillArgs.parse(args("--archive-url", "http://127.0.0.1:9/"), Map.of()).archiveUrl())
        .contains(java.net.URI.create("http://127.0.0.1:9/"));
    assertThat(BackfillArgs.parse(args("--archive", "false"), Map.of()).archiveUrl()).isEmpty();
    assertThatThrownBy(() -> BackfillArgs.parse(args("--archive-url", "ftp://x"), Map.of()))
        .hasMessageStartingWith("--archive-url 'ftp://x' is not an http(s) URL");
  }

  @Test
  void warmUpFirstIsReadWhenGiven() {
    assertThat(BackfillArgs.parse(args("--warm-up-first", "true"), Map.of()).run().warmUpFirst())
        .isTrue();
  }

  @Test
  void badArgumentsExitWith2AndWriteNothing() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        JobMain.run(
            BackfillApp.APP,
            args("--write-mode", "upsert"),
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--write-mode").contains("unknown write mode 'upsert'");
    try (var files = Files.list(data)) {
      assertThat(files).isEmpty();
    }
  }

  private String[] args(String name, String value) {
    Map<String, String> a = new java.util.LinkedHashMap<>();
    a.put("--job-id", JOB);
    a.put("--data-dir", data.toString());
    a.put("--db-url", "jdbc:postgresql://127.0.0.1:1/none");
    a.put(name, value);
    List<String> out = new ArrayList<>();
    a.forEach(
        (k, v) -> {
          out.add(k);
          out.add(v);
        });
    return out.toArray(String[]::new);
  }
}
