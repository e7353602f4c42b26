package io.backtide.control.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The events one class logs while the capture is open (log4j2, the control plane's backend). */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {
  private final List<LogEvent> events = new CopyOnWriteArrayList<>();
  private final Logger logger;

  private CapturedLog(Logger logger) {
    super("captured-" + logger.getName(), null, null, true, Property.EMPTY_ARRAY);
    this.logger = logger;
  }

  public static CapturedLog of(Class<?> type) {
    Logger logger = (Logger) LogManager.getLogger(type);
    CapturedLog log = new CapturedLog(logger);
    log.start();
    logger.addAppender(log);
    return log;
  }

  @Override
  public void append(LogEvent event) {
    events.add(event.toImmutable());
  }

  /** The formatted messages, oldest first. */
  public List<String> messages() {
    return events.stream().map(e -> e.getMessage().getFormattedMessage()).toList();
  }

  /** How many events carried a throwable (a stack trace in the log). */
  public long withThrowable() {
    return events.stream().filter(e -> e.getThrown() != null).count();
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    stop();
  }
}
