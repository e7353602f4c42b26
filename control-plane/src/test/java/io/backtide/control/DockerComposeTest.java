package io.backtide.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks what can go wrong without
 * one: it parses, and the control plane's environment names exactly variables that {@link
 * ControlPlaneConfig} reads, with values it accepts.
 */
class DockerComposeTest {
  private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");
  private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z_]+):\\?[^}]*}");
  private static final String HOST_API_KEY = "key-from-the-host";
  private static JsonNode compose;

  @BeforeAll
  static void read() throws Exception {
    Path file = Path.of("..", "docker-compose.yml");
    compose = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
  }

  @Test
  void controlPlaneEnvironmentNamesOnlyVariablesTheConfigReads() {
    Set<String> read = variablesReadByConfig();

    assertThat(new TreeSet<>(environment("control-plane").keySet())).isSubsetOf(read);
  }

  @Test
  void controlPlaneEnvironmentIsAValidConfigurationPointingAtTheComposePostgres() {
    JsonNode postgres = compose.path("services").path("postgres").path("environment");

    Path repo = Path.of("/home/someone/backtide");
    ControlPlaneConfig config =
        ControlPlaneConfig.fromEnvironment(interpolated("control-plane"), repo);

    assertThat(config.dbUrl())
        .hasValue("jdbc:postgresql://postgres:5432/" + postgres.path("POSTGRES_DB").asText());
    assertThat(config.dbUser()).isEqualTo(postgres.path("POSTGRES_USER").asText());
    assertThat(config.dbPassword()).isEqualTo(postgres.path("POSTGRES_PASSWORD").asText());
    assertThat(config.dataDir()).isEqualTo(repo.resolve("data"));
    assertThat(config.feedsFile()).isEqualTo(repo.resolve("config/feeds.json"));
    assertThat(config.sparkMaster()).isEmpty();
    assertThat(config.host()).as("every interface of the container").isEqualTo("0.0.0.0");
    assertThat(config.apiKey()).hasValue(HOST_API_KEY);
    assertThat(compose.path("services").path("control-plane").path("ports").get(0).asText())
        .as("published on the host's loopback only")
        .isEqualTo("127.0.0.1:" + config.port() + ":" + config.port());
  }

  @Test
  void composeRefusesToStartTheControlPlaneWithoutAKey() {
    assertThat(environment("control-plane").get("API_KEY"))
        .as("${API_KEY:?...} makes docker compose stop with this message when API_KEY is unset")
        .startsWith("${API_KEY:?")
        .contains("openssl rand -hex 32");
  }

  @Test
  void controlPlaneAndWorkerSeeTheRepositoryAtItsHostPath() {
    JsonNode services = compose.path("services");

    assertThat(services.path("control-plane").path("working_dir").asText()).isEqualTo("${PWD}");
    assertThat(services.path("control-plane").path("volumes").toString()).contains("./:${PWD}");
    assertThat(services.path("spark-worker").path("volumes").toString()).contains("./:${PWD}");
    assertThat(services.path("spark-worker").path("command").toString())
        .contains("SPARK_DIST_CLASSPATH=")
        .contains("spark-jobs/target/backfill-classpath.txt");
  }

  @Test
  void optionalSparkClusterIsBehindAProfileAndWorkersFindTheMaster() {
    JsonNode services = compose.path("services");

    assertThat(services.path("spark-master").path("profiles").get(0).asText()).isEqualTo("cluster");
    assertThat(services.path("spark-worker").path("profiles").get(0).asText()).isEqualTo("cluster");
    assertThat(services.path("spark-worker").path("command").toString())
        .contains("spark://spark-master:7077");
    assertThat(services.path("spark-master").path("ports").toString()).contains("7077:7077");
  }

  /** Every variable name fromEnvironment asks for, seen through a map that records lookups. */
  private static Set<String> variablesReadByConfig() {
    Set<String> names = new TreeSet<>();
    Map<String, String> recording =
        new HashMap<>() {
          @Override
          public String get(Object key) {
            names.add(String.valueOf(key));
            return super.get(key);
          }
        };
    ControlPlaneConfig.fromEnvironment(recording, Path.of("/app"));
    return names;
  }

  private static Map<String, String> environment(String service) {
    Map<String, String> env = new TreeMap<>();
    compose
        .path("services")
        .path(service)
        .path("environment")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  /**
   * The environment as docker compose would pass it with only the required variables ({@code
   * ${NAME:?message}}) set on the host, to {@link #HOST_API_KEY}.
   */
  private static Map<String, String> interpolated(String service) {
    Map<String, String> env = new TreeMap<>();
    environment(service)
        .forEach(
            (name, value) -> {
              Matcher m = DEFAULTED.matcher(value);
              String v = m.replaceAll(r -> Matcher.quoteReplacement(r.group(2)));
              env.put(name, REQUIRED.matcher(v).replaceAll(HOST_API_KEY));
            });
    return env;
  }
}
