package io.backtide.backtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A coordinator on a loopback port that misbehaves on purpose: each path answers with a chosen
 * behaviour (headers then silence, endless or oversize bodies, raw bytes, redirects). Every
 * behaviour ends when the client hangs up or the server closes.
 */
final class HostileCoordinator implements AutoCloseable {

  /** What one path answers. */
  interface Behaviour {
    void answer(HttpExchange exchange, HostileCoordinator self) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger requestsWithKey = new AtomicInteger();

  HostileCoordinator() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  HostileCoordinator on(String path, Behaviour behaviour) {
    routes.put(path, behaviour);
    return this;
  }

  int requests() {
    return requests.get();
  }

  int requestsWithKey() {
    return requestsWithKey.get();
  }

  static Behaviour bytes(int status, byte[] body, String... headers) {
    return (ex, self) -> {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        ex.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    };
  }

  /** Sends 200 headers, then nothing until the client hangs up or the server closes. */
  static Behaviour headersThenSilence() {
    return (ex, self) -> {
      ex.sendResponseHeaders(200, 0);
      ex.getResponseBody().flush();
      self.awaitClose();
    };
  }

  /** Announces {@code length} bytes (or chunked when 0) and sends zeros until told to stop. */
  static Behaviour zeros(long length) {
    return (ex, self) -> {
      ex.sendResponseHeaders(200, length);
      byte[] chunk = new byte[64 * 1024];
      try (OutputStream out = ex.getResponseBody()) {
        for (long sent = 0; length == 0 || sent < length; sent += chunk.length) {
          if (self.closed.getCount() == 0) {
            return;
          }
          out.write(
              chunk, 0, (int) (length == 0 ? chunk.length : Math.min(chunk.length, length - sent)));
        }
      } catch (IOException hungUp) {
        // the client cut the body off: what we wanted
      }
    };
  }

  private void awaitClose() {
    try {
      closed.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    if (exchange.getRequestHeaders().containsKey("X-API-Key")) {
      requestsWithKey.incrementAndGet();
    }
    Behaviour behaviour = routes.get(exchange.getRequestURI().getPath());
    try {
      if (behaviour == null) {
        bytes(404, "{\"error\":\"no such file\"}".getBytes()).answer(exchange, this);
      } else {
        behaviour.answer(exchange, this);
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
