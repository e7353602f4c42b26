package io.backtide.backtest.bench;

import io.backtide.backtest.BacktestResult;
import io.backtide.backtest.BacktestRunner;
import io.backtide.backtest.examples.MomentumTracker;
import io.backtide.core.FeedKey;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The first backtest of one day in a fresh JVM, as a notebook does it: no session given, so the
 * runner starts its own; then the same run again in the same JVM.
 */
final class FirstRun {

  static final String DAY = "2025-06-01";
  static final String NEXT = "2025-06-02";

  private FirstRun() {}

  static void twice(Path cache, FeedKey feed) {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    for (int run = 1; run <= 2; run++) {
      long t0 = System.nanoTime();
      BacktestResult result =
          BacktestRunner.builder(new MomentumTracker())
              .feed(feed)
              .window(120)
              .predictEvery(Duration.ofMinutes(1))
              .resolveAfter(Duration.ofMinutes(1))
              .cacheDir(cache)
              .build()
              .run(DAY, NEXT);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT, "%-20s %.3f s (%d candles)%n", "run " + run, seconds, result.candles());
      if (run == 1) {
        double fromJvm = (System.currentTimeMillis() - jvmStart) / 1e3;
        System.out.printf(Locale.ROOT, "%-20s %.3f s%n", "run 1 from JVM start", fromJvm);
        System.out.printf(
            Locale.ROOT, "%-20s %.2f s%n", "process CPU so far", ReplayBench.processCpuSeconds());
        System.out.printf(Locale.ROOT, "%-20s %s%n", "JIT CPU C1 / C2", ReplayBench.jitCpu());
        ReplayBench.target("first run of a day of 1m, from JVM start", fromJvm, "s", "<", 3);
      } else {
        ReplayBench.target("second run in the same JVM", seconds, "s", "<", 0.3);
      }
    }
  }
}
