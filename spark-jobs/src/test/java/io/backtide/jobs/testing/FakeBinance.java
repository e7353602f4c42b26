package io.backtide.jobs.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backtide.core.Candle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * A fake Binance spot and USD-M futures API on loopback, for tests and benchmarks. It serves {@code
 * /api/v3/klines}, {@code /fapi/v1/klines} and the {@code aggTrades} of both from candles and
 * trades the test puts in (the same data for both markets), with Binance's rules: {@code
 * startTime}/{@code endTime} in ms with an inclusive end, {@code limit} (default 500, at most 1000;
 * 1500 for futures klines), {@code X-MBX-USED-WEIGHT-1M} on every answer, 400 for an unknown symbol
 * or an aggTrades window over one hour. Scripted answers (429 + Retry-After, 418, 500, garbage) are
 * served first, in order; {@link #failAlways} answers every request with one of them. Every request
 * is logged.
 */
public final class FakeBinance implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, NavigableMap<Long, Candle>> klines = new ConcurrentHashMap<>();
  private final Map<String, NavigableMap<Long, List<Trade>>> trades = new ConcurrentHashMap<>();
  private final Deque<Scripted> script = new ArrayDeque<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Scripted always;
  private volatile int weightPerRequest = 2;
  private volatile Duration delay = Duration.ZERO;
  private volatile IntConsumer onRequest = n -> {};
  private long weightMinute;
  private int usedWeight;

  /** An aggregate trade as Binance reports it. */
  public record Trade(
      long id,
      long timeMs,
      double price,
      double quantity,
      long firstId,
      long lastId,
      boolean buyerMaker) {
    /** One trade per aggregate, the buyer the maker. */
    public Trade(long id, long timeMs, double price, double quantity) {
      this(id, timeMs, price, quantity, id, id, true);
    }
  }

  /** Where a canned answer stops talking: never, before the headers, or after the headers. */
  public enum Stall {
    NONE,
    BEFORE_HEADERS,
    AFTER_HEADERS
  }

  /** A canned answer. */
  public record Scripted(int status, Map<String, String> headers, String body, Stall stall) {
    public Scripted(int status, Map<String, String> headers, String body) {
      this(status, headers, body, Stall.NONE);
    }

    public static Scripted status(int status, String body) {
      return new Scripted(status, Map.of(), body);
    }

    public static Scripted unavailable(int retryAfterSeconds) {
      return new Scripted(
          503, Map.of("Retry-After", String.valueOf(retryAfterSeconds)), "Service Unavailable");
    }

    /** Accepts the request and never answers (until the fake closes). */
    public static Scripted hang() {
      return new Scripted(200, Map.of(), "", Stall.BEFORE_HEADERS);
    }

    /** Sends 200 headers announcing a body, then a few bytes of it, then nothing. */
    public static Scripted headersThenStall() {
      return new Scripted(200, Map.of(), "[[1767225600000,", Stall.AFTER_HEADERS);
    }

    public static Scripted tooManyRequests(int retryAfterSeconds) {
      return new Scripted(
          429,
          Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
          "{\"code\":-1003,\"msg\":\"Too many requests.\"}");
    }

    public static Scripted banned(int retryAfterSeconds) {
      return new Scripted(
          418,
          Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
          "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}");
    }

    public static Scripted serverError() {
      return new Scripted(500, Map.of(), "{\"code\":-1000,\"msg\":\"An unknown error occurred.\"}");
    }

    public static Scripted garbage() {
      return new Scripted(200, Map.of(), "<html>upstream proxy error</html>");
    }

    public static Scripted body(String json) {
      return new Scripted(200, Map.of(), json);
    }
  }

  private FakeBinance(HttpServer server) {
    this.server = server;
  }

  /** Starts on 127.0.0.1 and a free port. */
  public static FakeBinance start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      FakeBinance fake = new FakeBinance(server);
      server.createContext("/", fake::handle);
      server.setExecutor(
          Executors.newFixedThreadPool(
              16,
              r -> {
                Thread t = new Thread(r, "fake-binance");
                t.setDaemon(true);
                return t;
              }));
      server.start();
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Binance server", e);
    }
  }

  /** The base URL ({@code http://127.0.0.1:PORT}). */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Adds (or replaces, by open time) candles of {@code symbol} at {@code interval}. */
  public FakeBinance candles(String symbol, String interval, Collection<Candle> candles) {
    NavigableMap<Long, Candle> map =
        klines.computeIfAbsent(
            symbol + "/" + interval, k -> new java.util.concurrent.ConcurrentSkipListMap<>());
    for (Candle c : candles) {
      map.put(c.tsEvent().toEpochMilli(), c);
    }
    return this;
  }

  /** Removes the candles of {@code symbol}/{@code interval} in {@code [from, to)}. */
  public FakeBinance removeCandles(String symbol, String interval, Instant from, Instant to) {
    klines
        .getOrDefault(symbol + "/" + interval, new TreeMap<>())
        .subMap(from.toEpochMilli(), to.toEpochMilli())
        .clear();
    return this;
  }

  /** Adds aggregate trades of {@code symbol}. */
  public FakeBinance trades(String symbol, Collection<Trade> added) {
    NavigableMap<Long, List<Trade>> map = trades.computeIfAbsent(symbol, k -> new TreeMap<>());
    synchronized (map) {
      for (Trade t : added) {
        map.computeIfAbsent(t.timeMs(), k -> new ArrayList<>()).add(t);
      }
    }
    return this;
  }

  /** Queues canned answers, served before any normal one. */
  public synchronized FakeBinance script(Scripted... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** Answers every request with {@code answer} (null to stop). */
  public FakeBinance failAlways(Scripted answer) {
    this.always = answer;
    return this;
  }

  public FakeBinance weightPerRequest(int weight) {
    this.weightPerRequest = weight;
    return this;
  }

  /** Waits this long before each answer (to make a run slow enough to interrupt). */
  public FakeBinance delay(Duration perRequest) {
    this.delay = perRequest;
    return this;
  }

  /** Called with the 1-based request number before each answer. */
  public FakeBinance onRequest(IntConsumer hook) {
    this.onRequest = hook;
    return this;
  }

  /** Every request so far, as {@code path?query}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      requests.add(uri.getPath() + "?" + uri.getRawQuery());
      onRequest.accept(requests.size());
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      Scripted answer = next().orElseGet(() -> serve(uri.getPath(), query(uri)));
      send(exchange, answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      sendFailure(exchange, e);
    }
  }

  private void sendFailure(HttpExchange exchange, RuntimeException e) throws IOException {
    byte[] body = ("{\"msg\":\"fake failed: " + e + "\"}").getBytes(UTF_8);
    exchange.sendResponseHeaders(500, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private synchronized Optional<Scripted> next() {
    Scripted s = script.poll();
    return Optional.ofNullable(s != null ? s : always);
  }

  private Scripted serve(String path, Map<String, String> q) {
    return switch (path) {
      case "/api/v3/klines" ->
          FakeBinanceJson.klines(klines.get(q.get("symbol") + "/" + q.get("interval")), q, 1000);
      case "/fapi/v1/klines" ->
          FakeBinanceJson.klines(klines.get(q.get("symbol") + "/" + q.get("interval")), q, 1500);
      case "/api/v3/aggTrades", "/fapi/v1/aggTrades" ->
          FakeBinanceJson.aggTrades(trades.get(q.get("symbol")), q);
      default ->
          new Scripted(404, Map.of(), "{\"code\":-1,\"msg\":\"no such endpoint " + path + "\"}");
    };
  }

  private void send(HttpExchange exchange, Scripted answer)
      throws IOException, InterruptedException {
    byte[] body = answer.body().getBytes(UTF_8);
    if (answer.stall() == Stall.BEFORE_HEADERS) {
      closed.await();
      return;
    }
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
    exchange.getResponseHeaders().add("X-MBX-USED-WEIGHT-1M", String.valueOf(addWeight()));
    if (answer.stall() == Stall.AFTER_HEADERS) {
      exchange.sendResponseHeaders(answer.status(), 100_000);
      OutputStream out = exchange.getResponseBody();
      out.write(body);
      out.flush();
      closed.await();
      return;
    }
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private synchronized int addWeight() {
    long minute = System.currentTimeMillis() / 60_000;
    if (minute != weightMinute) {
      weightMinute = minute;
      usedWeight = 0;
    }
    usedWeight += weightPerRequest;
    return usedWeight;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> q = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        q.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    return q;
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
