package io.backtide.backtest.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backtide.backtest.BacktestClient;
import io.backtide.backtest.internal.VerifiedStamps;
import io.backtide.core.FeedKey;
import io.backtide.core.IndexEntry;
import io.backtide.core.IndexFile;
import io.backtide.core.PublishedPath;
import io.backtide.core.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * {@link BacktestClient#pull} of the bench's year of 1m (365 day files) from a loopback coordinator
 * that answers each day file after a fixed delay, as a distant one would (a round trip and the
 * server's own time): the pull's wall time one download at a time (as pulls were before they ran
 * several at once), with the default and with the most at once, then a second pull of the same
 * year, which downloads nothing and only checks the cached files. Prints figures, no target (no
 * issue names one).
 */
final class PullBench {
  private PullBench() {}

  static void run(Path cache, FeedKey feed, long latencyMs) throws IOException {
    Path days = cache.resolve(feed.path());
    Map<String, byte[]> files = new HashMap<>();
    List<IndexEntry> entries = new ArrayList<>();
    try (Stream<Path> listed = Files.list(days)) {
      for (Path p : listed.filter(f -> f.toString().endsWith(".parquet")).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(p);
        LocalDate day = LocalDate.parse(p.getFileName().toString().replace(".parquet", ""));
        String path = new PublishedPath(feed, day).path();
        files.put(path, bytes);
        entries.add(
            new IndexEntry(path, day.toString(), 1440, bytes.length, Sha256.of(bytes), "", "", 1));
      }
    }
    byte[] index = new IndexFile(Instant.now().toString(), entries).toJson();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService threads = Executors.newCachedThreadPool();
    server.setExecutor(threads);
    server.createContext(
        "/data/backfill/",
        ex -> {
          String rest = ex.getRequestURI().getPath().substring("/data/backfill/".length());
          if (rest.equals("index")) {
            send(ex, index);
            return;
          }
          try {
            Thread.sleep(latencyMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = files.get(rest);
          if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          send(ex, body);
        });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    String first = entries.get(0).date();
    String end = LocalDate.parse(entries.get(entries.size() - 1).date()).plusDays(1).toString();
    long bytes = files.values().stream().mapToLong(b -> b.length).sum();
    System.out.printf(
        "pull of %d day files (%,d bytes), each answered after %d ms%n",
        files.size(), bytes, latencyMs);
    try {
      for (int parallel :
          new int[] {
            1, BacktestClient.DEFAULT_PARALLEL_DOWNLOADS, BacktestClient.MAX_PARALLEL_DOWNLOADS
          }) {
        Path into = Files.createTempDirectory("pull-bench");
        BacktestClient client = new BacktestClient(uri, into).withParallelDownloads(parallel);
        long t0 = System.nanoTime();
        int got = client.pull(feed, first, end).size();
        long t1 = System.nanoTime();
        client.pull(feed, first, end);
        long t2 = System.nanoTime();
        System.out.printf(
            "  %d at once: %d days in %.2f s (%.0f days/s); again, all cached: %.2f s%n",
            parallel, got, (t1 - t0) / 1e9, got / ((t1 - t0) / 1e9), (t2 - t1) / 1e9);
        if (parallel == BacktestClient.DEFAULT_PARALLEL_DOWNLOADS) {
          cachedAgain(client, feed, first, end);
        }
        delete(into);
      }
    } finally {
      server.stop(0);
      threads.shutdownNow();
    }
  }

  /**
   * Pulls of a cache that holds every day: once its files have settled, a pull that hashes each
   * (and records the stamps), then one that finds them unchanged since and reads none.
   */
  private static void cachedAgain(BacktestClient client, FeedKey feed, String first, String end) {
    try {
      Thread.sleep(VerifiedStamps.SETTLE.toMillis() + 100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long t0 = System.nanoTime();
    client.pull(feed, first, end);
    long t1 = System.nanoTime();
    client.pull(feed, first, end);
    long t2 = System.nanoTime();
    System.out.printf(
        "  all cached, settled: %.3f s hashing every day, then %.3f s unchanged since verified%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  private static void send(HttpExchange ex, byte[] body) throws IOException {
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
