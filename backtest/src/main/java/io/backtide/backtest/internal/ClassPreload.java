package io.backtide.backtest.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, on a second thread, the classes the first backtest in a JVM is about to load (Spark's
 * session, analyser, planner and Parquet reader: ~9,900 classes), in the order it loads them, while
 * the runner's own threads start the session. Without a class-data-sharing archive, loading them is
 * ~2.6 s of CPU for one thread (parsing the class files and finding them in ~100 jars), most of a
 * first run; loaded ahead on the other core, the session's thread finds most of them ready.
 *
 * <p>Classes are only loaded, never initialised ({@code Class.forName(name, false, loader)}): no
 * static initialiser runs on this thread, so no class initialisation order changes and none can
 * deadlock with the session's thread. A name the class path does not have (another Spark version)
 * is skipped. The list, {@value #LIST}, is what {@code scripts/first-run-classes.sh} recorded a
 * first backtest loading; a stale list only loads less. Runs once per JVM, only when the runner
 * starts its own session, and not at all with {@code -Dbacktide.preload=false}.
 */
public final class ClassPreload {
  static final String LIST = "first-run-classes.txt";
  private static final Logger LOG = LoggerFactory.getLogger(ClassPreload.class);
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private ClassPreload() {}

  /** Starts loading the list's classes through {@code loader}, once per JVM; false if not. */
  public static boolean start(ClassLoader loader) {
    if (!Boolean.parseBoolean(System.getProperty("backtide.preload", "true"))
        || !STARTED.compareAndSet(false, true)) {
      return false;
    }
    Thread t = new Thread(() -> load(names(), loader), "backtide-class-preload");
    t.setDaemon(true);
    t.start();
    return true;
  }

  /** The list's class names, in load order; empty when it cannot be read. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    try (InputStream in = ClassPreload.class.getResourceAsStream(LIST)) {
      if (in == null) {
        return names;
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.strip());
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot read {}: {}", LIST, e.toString());
    }
    return names;
  }

  /** Loads each class without initialising it; returns how many were loaded. */
  static int load(List<String> names, ClassLoader loader) {
    long t0 = System.nanoTime();
    int loaded = 0;
    for (String name : names) {
      try {
        Class.forName(name, false, loader);
        loaded++;
      } catch (ClassNotFoundException | LinkageError e) {
        // not on this class path (another version), or it cannot be loaded: the run decides
      }
    }
    LOG.debug(
        "preloaded {} of {} classes in {} ms",
        loaded,
        names.size(),
        (System.nanoTime() - t0) / 1_000_000);
    return loaded;
  }
}
