package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlPlaneConfigTest {
  private static final Path WORK = Path.of("/srv/backtide");

  private static ControlPlaneConfig read(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return ControlPlaneConfig.fromEnvironment(env, WORK);
  }

  @Test
  void emptyEnvironmentGivesTheDocumentedDefaults() {
    ControlPlaneConfig c = read();

    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.access()).isEqualTo(new NetworkAccess(false, List.of(), List.of()));
    assertThat(c.dataDir()).isEqualTo(Path.of("/srv/backtide/data"));
    assertThat(c.dbUrl()).isEmpty();
    assertThat(c.embeddedDbDir()).isEqualTo(Path.of("/srv/backtide/data/postgres"));
    assertThat(c.feedsFile()).isEqualTo(Path.of("/srv/backtide/config/feeds.json"));
    assertThat(c.apiKey()).isEmpty();
    assertThat(c.apiReadAuth()).isFalse();
    assertThat(c.binanceBaseUrl()).isEqualTo("https://api.binance.com");
    assertThat(c.sparkMaster()).isEmpty();
    assertThat(c.staleAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.maxAttempts()).isEqualTo(3);
    assertThat(c.maxRange()).isEqualTo(Duration.ofDays(1830));
    assertThat(c.recoveryEvery()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.minFreeBytes()).isEqualTo(512L << 20);
    assertThat(c.jobClassData()).isTrue();
    assertThat(c.jobClassDataDir()).isEqualTo(c.dataDir().resolve("cds"));
  }

  @Test
  void jobClassDataCanBeTurnedOff() {
    assertThat(read("JOB_CLASS_DATA", "false").jobClassData()).isFalse();
    assertThat(read("JOB_CLASS_DATA", "false").toString()).contains("JOB_CLASS_DATA=false");
  }

  @ParameterizedTest
  @CsvSource({"2g, 2147483648", "512m, 536870912", "100k, 102400", "4096, 4096", "0, 0"})
  void minFreeSpaceTakesSizesWithUnits(String text, long bytes) {
    assertThat(read("MIN_FREE_SPACE", text).minFreeBytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1", "0.0.0.0", "backtide.internal", "[::1]"})
  void hostTakesAddressesAndNames(String host) {
    assertThat(read("HOST", host, "API_KEY", "k").host()).isEqualTo(host);
    assertThat(read("HOST", host, "API_KEY", "k").toString()).contains("HOST=" + host);
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1", "127.0.0.2", "localhost", "[::1]"})
  void loopbackNeedsNoKey(String host) {
    ControlPlaneConfig c = read("HOST", host);
    assertThat(c.host()).isEqualTo(host);
    assertThat(c.openWithoutKey()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"0.0.0.0", "192.168.1.5", "backtide.internal", "[::]"})
  void aNetworkHostWithoutAKeyRefusesToStartSayingHowToSetOne(String host) {
    assertThatThrownBy(() -> read("HOST", host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HOST " + host + " serves the network")
        .hasMessageContaining("set API_KEY to a long random key (e.g. `openssl rand -hex 32`)")
        .hasMessageContaining("ALLOW_OPEN=true");
  }

  @Test
  void allowOpenServesTheNetworkWithoutAKeyWhenAskedTo() {
    ControlPlaneConfig c = read("HOST", "0.0.0.0", "ALLOW_OPEN", "true");
    assertThat(c.openWithoutKey()).isTrue();
    assertThat(c.toString()).contains("ALLOW_OPEN=true");
  }

  @Test
  void allowedHostsAndOriginsAreListsOfNamesAndOrigins() {
    ControlPlaneConfig c =
        read(
            "ALLOWED_HOSTS", " Backtide.Internal, ops.example ",
            "ALLOWED_ORIGINS", "https://ops.example:8443,http://dash.example");
    assertThat(c.access().allowedHosts()).containsExactly("backtide.internal", "ops.example");
    assertThat(c.access().allowedOrigins())
        .containsExactly("https://ops.example:8443", "http://dash.example");
  }

  @Test
  void passwordsInsideUrlsAreMaskedWhenPrinted() {
    ControlPlaneConfig c =
        read(
            "DB_URL", "jdbc:postgresql://db:5432/backtide?user=u&password=url-secret&ssl=true",
            "BINANCE_BASE_URL", "https://user:provider-secret@proxy.example/api",
            "SPARK_MASTER", "spark://m:7077?token=master-secret");
    assertThat(c.toString())
        .contains("DB_URL=jdbc:postgresql://db:5432/backtide?user=u&password=****&ssl=true")
        .contains("BINANCE_BASE_URL=https://user:****@proxy.example/api")
        .doesNotContain("url-secret", "provider-secret", "master-secret");
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1/8", "http://127.0.0.1", "'a b'", "-host"})
  void aHostThatIsNotAnAddressIsRefusedNamingTheVariable(String host) {
    assertThatThrownBy(() -> read("HOST", host))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HOST")
        .hasMessageContaining(host);
  }

  @Test
  void tableUriIsAnyHadoopUriWithAPathAndIsPrinted() {
    assertThat(read().tableUri()).isEmpty();
    assertThat(read().toString()).contains("TABLE_URI=(under the data dir)");

    ControlPlaneConfig c = read("TABLE_URI", "s3a://bucket/backtide/candles");

    assertThat(c.tableUri()).hasValue("s3a://bucket/backtide/candles");
    assertThat(c.toString()).contains("TABLE_URI=s3a://bucket/backtide/candles");
  }

  @Test
  void valuesAreReadAndSecretsAreMaskedWhenPrinted() {
    ControlPlaneConfig c =
        read(
            "PORT", "9001",
            "DB_URL", "jdbc:postgresql://db:5432/backtide",
            "DB_USER", "backtide",
            "DB_PASSWORD", "pg-secret",
            "API_KEY", "api-secret",
            "API_READ_AUTH", "true",
            "STALE_AFTER", "90s",
            "MAX_RANGE", "2y",
            "SPARK_MASTER", "spark://m:7077",
            "BINANCE_BASE_URL", "http://127.0.0.1:9999/");

    assertThat(c.port()).isEqualTo(9001);
    assertThat(c.staleAfter()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.maxRange()).isEqualTo(Duration.ofDays(732));
    assertThat(c.binanceBaseUrl()).isEqualTo("http://127.0.0.1:9999");
    assertThat(c.sparkMaster()).hasValue("spark://m:7077");
    assertThat(c.toString())
        .contains(
            "DB_PASSWORD=****",
            "API_KEY=****",
            "PORT=9001",
            "DB_URL=jdbc:postgresql://db:5432/backtide")
        .doesNotContain("pg-secret", "api-secret");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          PORT           | eighty       | invalid PORT 'eighty': expected an integer
          PORT           | 70000        | invalid PORT '70000': expected a port number 0-65535
          DB_URL         | mysql://x    | invalid DB_URL 'mysql://x': expected a PostgreSQL JDBC URL
          API_READ_AUTH  | maybe        | invalid API_READ_AUTH 'maybe': expected true or false
          STALE_AFTER    | soon         | invalid STALE_AFTER 'soon': expected a duration such as 90s
          STALE_AFTER    | 0s           | invalid STALE_AFTER 'PT0S': expected a positive duration
          MAX_RANGE      | 5 years      | invalid MAX_RANGE '5 years'
          MAX_ATTEMPTS   | 0            | invalid MAX_ATTEMPTS '0': expected an integer >= 1
          BINANCE_BASE_URL | ftp://x    | invalid BINANCE_BASE_URL 'ftp://x': expected an http(s) URL
          MIN_FREE_SPACE | lots         | invalid MIN_FREE_SPACE 'lots': expected a size such as 512m
          MIN_FREE_SPACE | -1g          | invalid MIN_FREE_SPACE '-1g': expected a size such as 512m
          ALLOW_OPEN     | sure         | invalid ALLOW_OPEN 'sure': expected true or false
          JOB_CLASS_DATA | on-ish       | invalid JOB_CLASS_DATA 'on-ish': expected true or false
          ALLOWED_HOSTS  | evil.example:80 | invalid ALLOWED_HOSTS 'evil.example:80': expected host names without port
          ALLOWED_ORIGINS | ops.example | invalid ALLOWED_ORIGINS 'ops.example': expected origins such as https://ops.example:8443
          ALLOWED_ORIGINS | https://ops.example/page | invalid ALLOWED_ORIGINS 'https://ops.example/page'
          TABLE_URI      | candles      | invalid TABLE_URI 'candles': expected a table URI with a scheme and a path
          TABLE_URI      | s3a://bucket | invalid TABLE_URI 's3a://bucket': expected a table URI with a scheme and a path
          """)
  void badValueIsRefusedNamingTheVariable(String name, String value, String message) {
    assertThatThrownBy(() -> read(name, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
