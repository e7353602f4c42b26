package io.backtide.backtest.internal;

import org.apache.spark.sql.SparkSession;
import scala.Option;

/** The Spark session a backtest uses when its caller gives none. */
public final class LocalSession {
  private LocalSession() {}

  /** The session used when none is given: the active one, else a new local one. */
  public static SparkSession get() {
    // A session the caller already has (a notebook's) is used as it is: getOrCreate would set
    // the options below on it too, changing the caller's time zone and shuffle partitions.
    Option<SparkSession> existing = SparkSession.getActiveSession();
    if (existing.isEmpty()) {
      existing = SparkSession.getDefaultSession();
    }
    if (existing.isDefined()) {
      return existing.get();
    }
    // The classic builder itself: SparkSession.builder() first finds the implementation through
    // Scala's runtime reflection, whose start-up costs a fresh JVM about a second.
    FirstRunHint.sessionStarted();
    ClassPreload.start(org.apache.spark.sql.classic.SparkSession.class.getClassLoader());
    return org.apache.spark.sql.classic.SparkSession.builder()
        .appName("backtide-backtest")
        .master("local[*]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }
}
