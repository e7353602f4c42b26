package io.backtide.backtest.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tip per JVM, after the first backtest whose Spark session the runner started itself: when it
 * took at least {@link #SLOW} and the JVM maps no class-data-sharing archive of its own, the log
 * says how to make one. Most of such a run is loading and linking Spark's classes (about 12,800 for
 * a day of 1m), which an archive made by one training run does in about half the time (README,
 * Backtesting). A JVM that maps an archive, or writes one at exit, gets no tip.
 */
public final class FirstRunHint {
  /** The first-run target: a slower first run in a JVM without an archive gets the tip. */
  public static final Duration SLOW = Duration.ofSeconds(3);

  private static final Logger LOG = LoggerFactory.getLogger(FirstRunHint.class);

  /** This JVM's: the runner's first run is one per JVM. */
  private static final FirstRunHint JVM = new FirstRunHint();

  private final AtomicBoolean sessionStarted = new AtomicBoolean();
  private final AtomicBoolean firstRunEnded = new AtomicBoolean();

  FirstRunHint() {}

  /** The runner started the JVM's Spark session (not the caller). */
  public static void sessionStarted() {
    JVM.started();
  }

  void started() {
    sessionStarted.set(true);
  }

  /**
   * After a run that took {@code took}: at the end of the first run once the runner started the
   * session, logs the tip where it applies. Later runs never do: a slow later run is its work.
   */
  public static void afterRun(Duration took) {
    if (JVM.firstRunEnds()) {
      tip(took, vmOption("SharedArchiveFile"), vmOption("ArchiveClassesAtExit"))
          .ifPresent(LOG::info);
    }
  }

  /** True once: at the end of the first run after the runner started the session. */
  boolean firstRunEnds() {
    return sessionStarted.get() && firstRunEnded.compareAndSet(false, true);
  }

  /**
   * The tip for a first run that took {@code took} in a JVM whose {@code -XX:SharedArchiveFile} and
   * {@code -XX:ArchiveClassesAtExit} are these (empty when not set); empty when none applies.
   */
  static Optional<String> tip(Duration took, String sharedArchive, String archiveAtExit) {
    if (took.compareTo(SLOW) < 0 || !sharedArchive.isEmpty() || !archiveAtExit.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "the first backtest in this JVM took %.1f s, most of it starting Spark (loading its"
                + " classes); a class-data-sharing archive halves that: run once with"
                + " -XX:ArchiveClassesAtExit=backtide.jsa, then start the JVM with"
                + " -XX:SharedArchiveFile=backtide.jsa (README, Backtesting)",
            took.toMillis() / 1000.0));
  }

  /** A HotSpot option's value; empty when unset or on a JVM without HotSpot's options. */
  static String vmOption(String name) {
    try {
      return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .getVMOption(name)
          .getValue();
    } catch (RuntimeException | LinkageError e) {
      return "";
    }
  }
}
