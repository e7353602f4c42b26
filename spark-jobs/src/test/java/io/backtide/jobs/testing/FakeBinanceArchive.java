package io.backtide.jobs.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backtide.core.Candle;
import io.backtide.core.Granularity;
import io.backtide.core.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A loopback copy of Binance's public data host ({@code data.binance.vision}) serving zips the test
 * builds from its own data, in the exchange's layout: {@code /data/spot/daily/klines/BTCUSDT/
 * 1m/BTCUSDT-1m-2024-01-01.zip} (one CSV, no header) and its {@code .zip.CHECKSUM} ({@code {sha256}
 * {name}}), monthly files, aggTrades and the futures folder ({@code data/futures/um}, CSVs with a
 * header). Anything not put in answers 404. {@link #corrupt} serves a file whose bytes do not match
 * its checksum; scripted statuses are answered first. Every request is logged.
 */
public final class FakeBinanceArchive implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Deque<FakeBinance.Scripted> script = new ArrayDeque<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;

  private FakeBinanceArchive(HttpServer server) {
    this.server = server;
  }

  /** Starts on 127.0.0.1 and a free port. */
  public static FakeBinanceArchive start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      FakeBinanceArchive fake = new FakeBinanceArchive(server);
      server.createContext("/", fake::handle);
      server.setExecutor(
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "fake-binance-archive");
                t.setDaemon(true);
                return t;
              }));
      server.start();
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake archive server", e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A day of spot klines; {@code micros}: times in microseconds (spot files from 2025 on). */
  public FakeBinanceArchive dailyKlines(
      String symbol, Granularity g, LocalDate day, Collection<Candle> candles, boolean micros) {
    return klines("data/spot/daily", symbol, g, day.toString(), candles, micros, false);
  }

  /** A month of spot klines. */
  public FakeBinanceArchive monthlyKlines(
      String symbol, Granularity g, YearMonth month, Collection<Candle> candles) {
    return klines("data/spot/monthly", symbol, g, month.toString(), candles, false, false);
  }

  /** A day of USD-M futures klines (with the header line those files carry). */
  public FakeBinanceArchive futuresDailyKlines(
      String symbol, Granularity g, LocalDate day, Collection<Candle> candles) {
    return klines("data/futures/um/daily", symbol, g, day.toString(), candles, false, true);
  }

  /** A day of spot aggregate trades. */
  public FakeBinanceArchive dailyAggTrades(
      String symbol, LocalDate day, Collection<FakeBinance.Trade> trades, boolean micros) {
    StringBuilder csv = new StringBuilder();
    trades.forEach(t -> csv.append(TestKlines.csv(t, micros)).append('\n'));
    String name = symbol + "-aggTrades-" + day + ".zip";
    return put("data/spot/daily/aggTrades/" + symbol + "/" + name, zip(name, csv.toString()));
  }

  /** Replaces the file's bytes (its checksum stays): every download of it is corrupt. */
  public FakeBinanceArchive corrupt(String path) {
    byte[] bytes = files.get(path).clone();
    bytes[bytes.length / 2] ^= 0x5a;
    files.put(path, bytes);
    return this;
  }

  /** Queues canned answers, served before any normal one. */
  public synchronized FakeBinanceArchive script(FakeBinance.Scripted... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /**
   * From now on answers every request 403 {@code AccessDenied}, as the real host did during its
   * outages (S3 behind it refusing every key).
   */
  public FakeBinanceArchive refuseAccess() {
    refusing = true;
    return this;
  }

  /** Every request so far, by path. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The path of a day's spot klines file, as served. */
  public static String dailyPath(String symbol, Granularity g, LocalDate day) {
    return "data/spot/daily/klines/" + symbol + "/" + g.code() + "/" + fileName(symbol, g, day);
  }

  public static String fileName(String symbol, Granularity g, Object period) {
    return symbol + "-" + g.code() + "-" + period + ".zip";
  }

  /** The sha256 of a served file, as its checksum says. */
  public String checksumOf(String path) {
    return new String(files.get(path + ".CHECKSUM"), US_ASCII).substring(0, 64);
  }

  private FakeBinanceArchive klines(
      String folder,
      String symbol,
      Granularity g,
      String period,
      Collection<Candle> candles,
      boolean micros,
      boolean header) {
    long stepMs = g.duration().toMillis();
    StringBuilder csv = new StringBuilder(candles.size() * 130);
    if (header) {
      csv.append("open_time,open,high,low,close,volume,close_time,quote_volume,count,")
          .append("taker_buy_volume,taker_buy_quote_volume,ignore\n");
    }
    candles.forEach(c -> csv.append(TestKlines.of(c, stepMs).csv(micros)).append('\n'));
    String name = fileName(symbol, g, period);
    return put(
        folder + "/klines/" + symbol + "/" + g.code() + "/" + name, zip(name, csv.toString()));
  }

  private FakeBinanceArchive put(String path, byte[] zip) {
    files.put(path, zip);
    String name = path.substring(path.lastIndexOf('/') + 1);
    files.put(path + ".CHECKSUM", (Sha256.of(zip) + "  " + name + "\n").getBytes(US_ASCII));
    return this;
  }

  private static byte[] zip(String zipName, String csv) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry(zipName.replace(".zip", ".csv")));
      out.write(csv.getBytes(US_ASCII));
      out.closeEntry();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(1);
      requests.add(path);
      FakeBinance.Scripted scripted;
      synchronized (this) {
        scripted = script.poll();
      }
      if (refusing) {
        send(
            exchange,
            403,
            "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                .getBytes(US_ASCII));
        return;
      }
      if (scripted != null) {
        scripted.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        send(exchange, scripted.status(), scripted.body().getBytes(US_ASCII));
        return;
      }
      byte[] body = files.get(path);
      if (body == null) {
        send(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>".getBytes(US_ASCII));
      } else {
        send(exchange, 200, body);
      }
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
