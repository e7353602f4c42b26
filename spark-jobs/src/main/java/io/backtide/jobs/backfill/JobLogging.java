package io.backtide.jobs.backfill;

import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A job's log is for its operator: Backtide's own lines at INFO, Spark's and the libraries' at WARN
 * unless {@code BACKTIDE_SPARK_LOG_LEVEL} asks for more (e.g. {@code INFO} to debug Spark).
 */
final class JobLogging {
  static final String LEVEL_VARIABLE = "BACKTIDE_SPARK_LOG_LEVEL";

  private JobLogging() {}

  static void configure(Map<String, String> env) {
    Configurator.setRootLevel(Level.toLevel(env.getOrDefault(LEVEL_VARIABLE, "WARN"), Level.WARN));
    Configurator.setLevel("io.backtide", Level.INFO);
  }
}
