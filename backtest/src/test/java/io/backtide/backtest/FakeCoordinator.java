package io.backtide.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backtide.core.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A coordinator's two data routes on a real JDK HTTP server on a loopback port: the index (built
 * from the files it holds, with their real sha256) and the files (ETag = sha256). It can corrupt
 * the next downloads of a file to test verification.
 */
final class FakeCoordinator implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> corruptNext = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
  private final AtomicInteger indexRequests = new AtomicInteger();
  private final List<String> indexQueries = new CopyOnWriteArrayList<>();
  private final AtomicInteger gzippedIndexes = new AtomicInteger();
  private volatile String requiredKey;
  private volatile boolean ignoreIndexFilter;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private volatile CountDownLatch together;
  // one thread per request, as Jetty's pool: a client may download several days at once
  private final ExecutorService threads = Executors.newCachedThreadPool();

  FakeCoordinator() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/data/backfill/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Serves {@code bytes} as the relative {@code path}. */
  FakeCoordinator put(String path, byte[] bytes) {
    files.put(path, bytes);
    return this;
  }

  /** Serves every file under {@code root} by its path relative to it. */
  FakeCoordinator putAll(Path root, Map<?, Path> local) throws IOException {
    for (Path p : local.values()) {
      put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
    }
    return this;
  }

  /** The next {@code times} downloads of {@code path} send flipped bytes. */
  void corruptNext(String path, int times) {
    corruptNext.put(path, new AtomicInteger(times));
  }

  /**
   * From now on, answer the whole index to any index request, as coordinators before the filter.
   */
  void ignoreIndexFilter() {
    ignoreIndexFilter = true;
  }

  /** From now on, answer 401 unless the request carries {@code X-API-Key: key}. */
  void requireApiKey(String key) {
    requiredKey = key;
  }

  /**
   * From now on, each day's download waits (up to 10 s) until {@code days} downloads are in flight
   * together, so that a client downloading fewer at once is slow and one downloading that many is
   * not; {@link #mostInFlight()} says how many overlapped.
   */
  void answerOnlyWhenInFlight(int days) {
    together = new CountDownLatch(days);
  }

  /** The most day downloads that were in flight at the same moment. */
  int mostInFlight() {
    return mostInFlight.get();
  }

  int downloads(String path) {
    return downloads.getOrDefault(path, new AtomicInteger()).get();
  }

  int totalDownloads() {
    return downloads.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String rest = exchange.getRequestURI().getPath().substring("/data/backfill/".length());
    String key = requiredKey;
    if (key != null && !key.equals(exchange.getRequestHeaders().getFirst("X-API-Key"))) {
      send(
          exchange,
          401,
          "{\"error\":\"missing or wrong API key\"}".getBytes(StandardCharsets.UTF_8),
          "");
      return;
    }
    if (rest.equals("index")) {
      indexRequests.incrementAndGet();
      String query = exchange.getRequestURI().getRawQuery();
      indexQueries.add(query == null ? "" : query);
      byte[] index = index(ignoreIndexFilter ? path -> true : filter(query));
      String accepts = exchange.getRequestHeaders().getFirst("Accept-Encoding");
      if (accepts != null && accepts.contains("gzip")) {
        // As the control plane does: the compressed index for clients that accept it.
        gzippedIndexes.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        index = gzip(index);
      }
      send(exchange, 200, index, "application/json");
      return;
    }
    byte[] body = files.get(rest);
    if (body == null) {
      send(exchange, 404, "{\"error\":\"no such file\"}".getBytes(StandardCharsets.UTF_8), "");
      return;
    }
    downloads.computeIfAbsent(rest, p -> new AtomicInteger()).incrementAndGet();
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      CountDownLatch gate = together;
      if (gate != null) {
        gate.countDown();
        gate.await(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
    AtomicInteger corrupt = corruptNext.get(rest);
    if (corrupt != null && corrupt.getAndDecrement() > 0) {
      body = body.clone();
      body[body.length / 2] ^= 0x5A;
    }
    exchange.getResponseHeaders().add("ETag", "\"" + Sha256.of(files.get(rest)) + "\"");
    send(exchange, 200, body, "application/octet-stream");
  }

  /** How many index answers went out gzip-encoded. */
  int gzippedIndexes() {
    return gzippedIndexes.get();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  /** The raw query strings of the index requests, in order. */
  List<String> indexQueries() {
    return List.copyOf(indexQueries);
  }

  /**
   * The control plane's index filter, for the client's form of it (all four feed parameters, with
   * or without start and end): which paths to list.
   */
  private static java.util.function.Predicate<String> filter(String query) {
    if (query == null || query.isEmpty()) {
      return path -> true;
    }
    Map<String, String> p = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      p.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    String prefix =
        String.join("/", p.get("source"), p.get("subject"), p.get("kind"), p.get("granularity"))
            + "/";
    if (!p.containsKey("start")) {
      return path -> path.startsWith(prefix);
    }
    var days = io.backtide.core.TimeRange.parse(p.get("start"), p.get("end")).days();
    return path ->
        path.startsWith(prefix)
            && days.stream().anyMatch(d -> path.equals(prefix + d + ".parquet"));
  }

  private byte[] index(java.util.function.Predicate<String> listed) throws IOException {
    List<Map<String, Object>> entries = new ArrayList<>();
    files.keySet().stream()
        .filter(listed)
        .sorted()
        .forEach(path -> entries.add(entry(path, files.get(path))));
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("generated_at", "2026-01-10T00:00:00Z");
    index.put("files", entries);
    return JSON.writeValueAsBytes(index);
  }

  private static Map<String, Object> entry(String path, byte[] bytes) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("path", path);
    e.put("date", name.replace(".parquet", ""));
    e.put("records", 3);
    e.put("size_bytes", bytes.length);
    e.put("sha256", Sha256.of(bytes));
    e.put("first_ts", "x");
    e.put("last_ts", "y");
    e.put("table_version", 1);
    return e;
  }

  private static void send(HttpExchange ex, int status, byte[] body, String type)
      throws IOException {
    if (!type.isEmpty()) {
      ex.getResponseHeaders().add("Content-Type", type);
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
