package io.backtide.jobs.testing;

import java.io.Writer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** What one class logs, written to a {@link Writer} as {@code pattern} lines until closed. */
public final class LogCapture {
  private LogCapture() {}

  /** Captures {@code type}'s log lines into {@code out}; close the result to stop. */
  public static AutoCloseable of(Class<?> type, Writer out, String pattern) {
    Logger logger = (Logger) LogManager.getLogger(type);
    WriterAppender appender =
        WriterAppender.newBuilder()
            .setName("capture-" + System.nanoTime())
            .setTarget(out)
            .setLayout(PatternLayout.newBuilder().withPattern(pattern).build())
            .build();
    appender.start();
    logger.addAppender(appender);
    return () -> {
      logger.removeAppender(appender);
      appender.stop();
    };
  }
}
