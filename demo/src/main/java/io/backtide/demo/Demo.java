package io.backtide.demo;

import io.backtide.backtest.BacktestClient;
import io.backtide.backtest.BacktestResult;
import io.backtide.backtest.BacktestRunner;
import io.backtide.backtest.examples.MomentumTracker;
import io.backtide.core.FeedKey;
import io.backtide.core.TimeRange;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The README's main job, as a client of a running control plane: start a backfill of one feed over
 * the last N days through the REST API, draw its progress in the terminal, then pull the published
 * files and backtest the momentum tracker on them.
 *
 * <p>Usage: {@code Demo [--coordinator URL] [--feed KEY] [--days N] [--api-key KEY]}
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, Instant.now());
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options, System.out));
  }

  static int run(DemoOptions o, PrintStream out) throws Exception {
    CoordinatorAdmin admin = new CoordinatorAdmin(o.coordinator(), o.apiKey());
    admin.awaitHealthy(Duration.ofSeconds(60));
    out.printf(
        "Backfilling %s from %s to %s through %s%n",
        o.feed(), o.range().start(), o.range().end(), o.coordinator());
    JobView job = follow(admin, admin.startOrFollow(o.feed(), o.range()), out);
    if (!"completed".equals(job.status())) {
      out.printf("%nBackfill %s ended %s: %s%n", job.id(), job.status(), job.error());
      return 1;
    }
    out.printf(
        "%nBackfill complete. Pulling the daily files and running the momentum tracker...%n");
    BacktestClient client = new BacktestClient(o.coordinator(), o.cacheDir());
    client.pull(o.feed(), o.range());
    BacktestResult result =
        BacktestRunner.builder(new MomentumTracker())
            .feed(o.feed())
            .window(120)
            .predictEvery(Duration.ofMinutes(1))
            .resolveAfter(Duration.ofMinutes(1))
            .cacheDir(o.cacheDir())
            .build()
            .run(o.range());
    out.println(result.summary());
    return 0;
  }

  private static JobView follow(CoordinatorAdmin admin, JobView job, PrintStream out)
      throws Exception {
    Instant started = Instant.now();
    boolean tty = System.console() != null;
    String lastLine = "";
    while (true) {
      job = admin.job(job.id());
      String line = ProgressBar.render(job, Duration.between(started, Instant.now()));
      if (tty) {
        out.print("\r" + line + "   ");
      } else if (!line.equals(lastLine)) {
        out.println(line);
      }
      lastLine = line;
      if (!job.isActive()) {
        return job;
      }
      Thread.sleep(tty ? 500 : 2000);
    }
  }

  /** The demo's settings, from command-line arguments. */
  record DemoOptions(
      URI coordinator,
      FeedKey feed,
      TimeRange range,
      Optional<String> apiKey,
      java.nio.file.Path cacheDir) {
    static final String USAGE =
        "usage: Demo [--coordinator http://localhost:8000] [--feed sim/BTCUSDT/candle/1m]"
            + " [--days 30] [--api-key KEY] [--cache-dir .cache/backtest]";

    static DemoOptions parse(String[] args, Instant now) {
      URI coordinator = URI.create("http://localhost:8000");
      FeedKey feed = FeedKey.parse("sim/BTCUSDT/candle/1m");
      int days = 30;
      Optional<String> apiKey = Optional.empty();
      java.nio.file.Path cache = BacktestClient.DEFAULT_CACHE_DIR;
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args[++i];
        switch (name) {
          case "--coordinator" -> coordinator = URI.create(value);
          case "--feed" -> feed = FeedKey.parse(value);
          case "--days" -> days = positive(name, value);
          case "--api-key" -> apiKey = Optional.of(value).filter(v -> !v.isBlank());
          case "--cache-dir" -> cache = java.nio.file.Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      }
      Instant end =
          LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
      return new DemoOptions(
          coordinator, feed, new TimeRange(end.minus(Duration.ofDays(days)), end), apiKey, cache);
    }

    private static int positive(String name, String value) {
      try {
        int n = Integer.parseInt(value);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
      throw new IllegalArgumentException(
          name + " must be a positive whole number, got '" + value + "'");
    }
  }
}
