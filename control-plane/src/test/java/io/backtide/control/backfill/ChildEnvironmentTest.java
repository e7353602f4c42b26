package io.backtide.control.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real child process started with the job's environment sees only what it needs. */
class ChildEnvironmentTest {

  @Test
  void theJobSeesItsCredentialsAndRuntimeSettingsButNotTheControlPlanesSecrets() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("env").redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("API_KEY", "control-plane-key");
    env.put("DB_URL", "jdbc:postgresql://db/backtide?password=inherited");
    env.put("AWS_SECRET_ACCESS_KEY", "not-for-jobs");
    env.put("SPARK_LOCAL_DIRS", "/tmp/spark");
    env.put("HADOOP_CONF_DIR", "/etc/hadoop");
    env.put("LC_ALL", "C.UTF-8");
    env.put("BACKTIDE_SPARK_LOG_LEVEL", "INFO");
    env.put("BACKTIDE_VACUUM_RETENTION", "1d");

    ChildEnvironment.apply(env, settings());
    Process child = builder.start();
    String seen = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(seen)
        .doesNotContain("API_KEY")
        .doesNotContain("control-plane-key")
        .doesNotContain("DB_URL")
        .doesNotContain("AWS_SECRET_ACCESS_KEY")
        .contains("DB_USER=job-user\n")
        .contains("DB_PASSWORD=job-password\n")
        .contains("BACKTIDE_DATA_DIR=/srv/data\n")
        .contains("SPARK_LOCAL_DIRS=/tmp/spark\n")
        .contains("HADOOP_CONF_DIR=/etc/hadoop\n")
        .contains("LC_ALL=C.UTF-8\n")
        .contains("BACKTIDE_SPARK_LOG_LEVEL=INFO\n")
        .contains("BACKTIDE_VACUUM_RETENTION=1d\n")
        .containsPattern("(?m)^PATH=");
  }

  @Test
  void withTheTableOnObjectStorageTheJobGetsTheAwsVariablesForS3a() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("env").redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("API_KEY", "control-plane-key");
    env.put("AWS_ACCESS_KEY_ID", "job-key-id");
    env.put("AWS_SECRET_ACCESS_KEY", "job-secret");
    LaunchSettings s = settings();
    LaunchSettings onS3 =
        new LaunchSettings(
            s.dataDir(),
            s.logDir(),
            s.dbUrl(),
            s.dbUser(),
            s.dbPassword(),
            s.binanceBaseUrl(),
            s.binanceArchiveUrl(),
            s.classpath(),
            s.javaBin(),
            java.util.Optional.of("s3a://bucket/backtide/candles"));

    ChildEnvironment.apply(env, onS3);
    Process child = builder.start();
    String seen = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(seen)
        .contains("AWS_ACCESS_KEY_ID=job-key-id\n")
        .contains("AWS_SECRET_ACCESS_KEY=job-secret\n")
        .doesNotContain("control-plane-key");
  }

  private static LaunchSettings settings() {
    return new LaunchSettings(
        Path.of("/srv/data"),
        Path.of("/srv/data/logs"),
        "jdbc:postgresql://localhost/backtide",
        "job-user",
        "job-password",
        "https://api.binance.com",
        "https://data.binance.vision",
        "",
        LaunchSettings.currentJava());
  }
}
