package io.backtide.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobOptionsTest {
  @TempDir Path data;

  @Test
  void nameNotKnownToTheJobIsRejected() {
    assertThatThrownBy(() -> options("--feeds", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown argument '--feeds'");
  }

  @Test
  void valueWithoutANameIsRejected() {
    assertThatThrownBy(() -> options("page-size", "5")).hasMessage("unknown argument 'page-size'");
  }

  @Test
  void lastNameWithoutAValueIsRejectedNamingIt() {
    assertThatThrownBy(() -> options("--master", "local[2]", "--page-size"))
        .hasMessage("--page-size has no value");
  }

  @Test
  void databaseAndDataRootFallBackToTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "DB_URL", "jdbc:postgresql://h/db",
            "BACKTIDE_DATA_DIR", data.toString(),
            "DB_USER", "backtide",
            "DB_PASSWORD", "secret");

    JobOptions o = JobOptions.parse(new String[0], Set.of(), env);

    assertThat(o.dbUrl()).isEqualTo("jdbc:postgresql://h/db");
    assertThat(o.dataDir()).isEqualTo(data.toAbsolutePath());
    assertThat(o.dbUser()).isEqualTo("backtide");
    assertThat(o.dbPassword()).isEqualTo("secret");
  }

  @Test
  void argumentsWinOverTheEnvironment() {
    Path other = data.resolve("not-yet/created");
    JobOptions o =
        JobOptions.parse(
            new String[] {"--db-url", "jdbc:postgresql://arg/db", "--data-dir", other.toString()},
            Set.of(),
            Map.of("DB_URL", "jdbc:postgresql://env/db", "BACKTIDE_DATA_DIR", data.toString()));

    assertThat(o.dbUrl()).isEqualTo("jdbc:postgresql://arg/db");
    assertThat(o.dataDir()).isEqualTo(other.toAbsolutePath());
    assertThat(o.dbUser()).isEmpty();
  }

  @Test
  void aProviderUrlWithCredentialsComesFromTheEnvironmentUnlessGiven() {
    Map<String, String> env = Map.of("PROVIDER_URL", "https://u:p@proxy.example/api");
    JobOptions fromEnv = JobOptions.parse(new String[0], Set.of(), env);
    JobOptions fromArg =
        JobOptions.parse(new String[] {"--provider-url", "http://127.0.0.1:9"}, Set.of(), env);

    assertThat(fromEnv.providerUrl().toString()).isEqualTo("https://u:p@proxy.example/api");
    assertThat(fromArg.providerUrl().toString()).isEqualTo("http://127.0.0.1:9");
  }

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    JobOptions o = options();

    assertThat(o.providerUrl().toString()).isEqualTo("https://api.binance.com");
    assertThat(o.master()).isEqualTo("local[*]");
    assertThat(o.range()).isEmpty();
    assertThat(o.positive("page-size", 1000)).isEqualTo(1000);
    assertThat(o.number("sim-seed")).isEmpty();
  }

  @Test
  void typedValuesAreRead() {
    JobOptions o =
        options(
            "--job-id", "7d5f1b8e-4c1a-4b7e-9a53-0f2d7f1c2a10",
            "--start", "2026-01-01",
            "--end", "2026-01-02T12:00:00Z",
            "--page-size", " 250 ",
            "--sim-seed", "-7");

    assertThat(o.jobId().toString()).isEqualTo("7d5f1b8e-4c1a-4b7e-9a53-0f2d7f1c2a10");
    assertThat(o.range().orElseThrow().start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(o.range().orElseThrow().end()).isEqualTo(Instant.parse("2026-01-02T12:00:00Z"));
    assertThat(o.positive("page-size", 1000)).isEqualTo(250);
    assertThat(o.number("sim-seed")).hasValue(-7);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          page-size | 0           | --page-size '0' is not a positive integer
          page-size | x           | --page-size 'x' is not a positive integer
          page-size | 99999999999 | --page-size '99999999999' is not a positive integer
          sim-seed  | 1.5         | --sim-seed '1.5' is not an integer
          """)
  void badNumberIsRejectedNamingIt(String name, String value, String message) {
    JobOptions o = options("--" + name, value);

    assertThatThrownBy(
            () -> {
              o.positive("page-size", 1);
              o.number("sim-seed");
            })
        .hasMessage(message);
  }

  @Test
  void oneEndOfTheRangeAloneIsRejectedNamingTheOther() {
    assertThatThrownBy(() -> options("--end", "2026-01-02").range())
        .hasMessage("--start is required");
  }

  @Test
  void missingDataRootNamesTheVariable() {
    assertThatThrownBy(() -> options().dataDir())
        .hasMessage("--data-dir is missing (or set BACKTIDE_DATA_DIR)");
  }

  @Test
  void dataRootUnderAFileIsRejected() throws Exception {
    Path file = Files.createFile(data.resolve("a-file"));
    String under = file.resolve("sub").toString();

    assertThatThrownBy(() -> options("--data-dir", under).dataDir())
        .hasMessage(
            "--data-dir '"
                + under
                + "' is not a readable, writable folder (nor can it be created there)");
  }

  @Test
  void missingDatabaseUrlNamesTheVariable() {
    assertThatThrownBy(() -> options().dbUrl())
        .hasMessage(
            "--db-url 'null' is not a JDBC URL (jdbc:postgresql://host:port/db);"
                + " set --db-url or DB_URL");
  }

  @Test
  void parsedValueErrorIsPrefixedWithTheNameOnce() {
    JobOptions o = options("--master", "yarn");

    assertThatThrownBy(
            () ->
                o.parsed(
                    "master",
                    m -> {
                      throw new IllegalArgumentException("'" + m + "' is not supported");
                    }))
        .hasMessage("--master 'yarn' is not supported");
    assertThatThrownBy(
            () ->
                o.parsed(
                    "master",
                    m -> {
                      throw JobOptions.bad("master", "already named");
                    }))
        .hasMessage("--master already named");
    assertThat(o.parsed("feed", JobOptions::knownFeed)).isEmpty();
  }

  @Test
  void feedOfAnUnknownProviderIsRejected() {
    assertThatThrownBy(() -> JobOptions.knownFeed("nope/BTCUSDT/candle/1m"))
        .hasMessage("unknown provider 'nope': expected one of binance, binance-um, sim");
    assertThatThrownBy(() -> JobOptions.knownFeed("binance-um/BTCUSDT/candle/1s"))
        .hasMessageStartingWith("feed binance-um/BTCUSDT/candle/1s: binance-um has no 1s candles");
  }

  private static JobOptions options(String... args) {
    return JobOptions.parse(args, Set.of("page-size", "sim-seed", "start", "end"), Map.of());
  }
}
