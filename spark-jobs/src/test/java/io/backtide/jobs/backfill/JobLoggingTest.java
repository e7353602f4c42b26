package io.backtide.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobLoggingTest {
  static final String SPARK = "org.apache.spark.SparkContext";
  static final String OURS = "io.backtide.jobs.backfill.JobActivityRecorder";

  @AfterEach
  void restoreTheTestConfiguration() {
    ((LoggerContext) LogManager.getContext(false)).reconfigure();
  }

  @Test
  void sparkLogsAtWarnAndBacktideAtInfo() {
    Configurator.setRootLevel(Level.INFO); // as Spark's own default profile has it
    Configurator.setLevel("io.backtide", Level.WARN);

    JobLogging.configure(Map.of());

    assertThat(LogManager.getLogger(SPARK).isInfoEnabled()).isFalse();
    assertThat(LogManager.getLogger(SPARK).isWarnEnabled()).isTrue();
    assertThat(LogManager.getLogger(OURS).isInfoEnabled()).isTrue();
  }

  @Test
  void sparkLogsMoreWhenAsked() {
    JobLogging.configure(Map.of(JobLogging.LEVEL_VARIABLE, "INFO"));

    assertThat(LogManager.getLogger(SPARK).isInfoEnabled()).isTrue();
    assertThat(LogManager.getLogger(OURS).isInfoEnabled()).isTrue();
  }
}
