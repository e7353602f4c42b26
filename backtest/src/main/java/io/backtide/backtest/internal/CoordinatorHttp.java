package io.backtide.backtest.internal;

import io.backtide.core.FeedKey;
import io.backtide.core.IndexFile;
import io.backtide.core.TimeRange;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The two coordinator routes the library reads: the index and one daily file. Every request has an
 * overall deadline and a body cap ({@link BoundedGet}); redirects are refused, never followed with
 * the API key.
 */
public final class CoordinatorHttp {

  /** The default overall deadline of one request, headers and body. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /**
   * The most the index may take, compressed or not: 32 MiB is about 100,000 files (3 MB at 10,000).
   */
  public static final long INDEX_MAX_BYTES = 32L << 20;

  /** The cap for a file whose index entry has no size. */
  static final long UNKNOWN_SIZE_MAX_BYTES = 4L << 30;

  private final URI base;
  private final HttpClient http;
  private final BoundedGet transport;
  private final Optional<String> apiKey;

  public CoordinatorHttp(URI base, HttpClient http) {
    this(base, http, DEFAULT_TIMEOUT, Optional.empty());
  }

  private CoordinatorHttp(URI base, HttpClient http, Duration timeout, Optional<String> apiKey) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    String text = Objects.requireNonNull(base, "coordinator").toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.http = Objects.requireNonNull(http, "http");
    this.transport = new BoundedGet(http, timeout);
  }

  /**
   * With an API key, sent as {@code X-API-Key} (for coordinators with protected data routes).
   *
   * @throws IllegalArgumentException when the HTTP client follows redirects: the JDK client would
   *     send the key on to whatever origin the coordinator redirects to
   */
  public CoordinatorHttp withApiKey(String key) {
    if (http.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException(
          "the HttpClient follows redirects ("
              + http.followRedirects()
              + "), which would send the API key to another origin: build it with"
              + " followRedirects(HttpClient.Redirect.NEVER)");
    }
    return new CoordinatorHttp(base, http, transport.timeout(), Optional.of(key));
  }

  /** With another overall deadline per request. */
  public CoordinatorHttp withTimeout(Duration timeout) {
    return new CoordinatorHttp(base, http, timeout, apiKey);
  }

  public URI base() {
    return base;
  }

  public URI indexUrl() {
    return base.resolve("data/backfill/index");
  }

  /**
   * The index entries of {@code feed} for the days that {@code range} touches (all its days when
   * empty), asked with the index route's filter. A coordinator from before the filter answers the
   * whole index: callers still keep only the entries they asked for.
   */
  public IndexFile index(FeedKey feed, Optional<TimeRange> range) {
    return index(indexUrl(feed, range));
  }

  /** {@code data/backfill/index?source=&subject=&kind=&granularity=[&start=&end=]}. */
  public URI indexUrl(FeedKey feed, Optional<TimeRange> range) {
    StringBuilder query = new StringBuilder();
    query.append("source=").append(encode(feed.source()));
    query.append("&subject=").append(encode(feed.subject()));
    query.append("&kind=").append(feed.kind().code());
    query.append("&granularity=").append(feed.granularity().code());
    range.ifPresent(
        r ->
            query
                .append("&start=")
                .append(encode(r.start().toString()))
                .append("&end=")
                .append(encode(r.end().toString())));
    return base.resolve("data/backfill/index?" + query);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private IndexFile index(URI url) {
    // The index grows with every published day (3 MB at 10,000 files); it compresses ~6x.
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    BoundedGet.Answer answer =
        transport.fetch(request(url, true), raw, INDEX_MAX_BYTES, "the cap for the index");
    check(url, answer);
    boolean gzipped =
        answer
            .headers()
            .firstValue("Content-Encoding")
            .filter("gzip"::equalsIgnoreCase)
            .isPresent();
    byte[] body = gzipped ? gunzip(url, raw.toByteArray()) : raw.toByteArray();
    try {
      return IndexFile.parse(body);
    } catch (IOException e) {
      throw BacktestErrors.badIndex(url, e);
    }
  }

  /**
   * Downloads the file at the index's relative {@code path} into {@code target} (replaced), failing
   * when the body is longer than {@code sizeBytes} (the index entry's size; 0 = unknown).
   */
  public void download(String path, long sizeBytes, Path target) {
    URI url = fileUrl(path);
    long max = sizeBytes > 0 ? sizeBytes : UNKNOWN_SIZE_MAX_BYTES;
    String cap =
        sizeBytes > 0 ? "the index entry's size_bytes" : "the cap for a file of unknown size";
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
      check(url, transport.fetch(request(url, false), out, max, cap));
    } catch (IOException e) {
      throw BacktestErrors.cacheIo(target, e);
    }
  }

  public URI fileUrl(String path) {
    return base.resolve("data/backfill/" + path);
  }

  private HttpRequest.Builder request(URI url, boolean acceptGzip) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
    apiKey.ifPresent(key -> request.header("X-API-Key", key));
    if (acceptGzip) {
      request.header("Accept-Encoding", "gzip");
    }
    return request;
  }

  private void check(URI url, BoundedGet.Answer answer) {
    int status = answer.status();
    if (status >= 300 && status < 400) {
      throw BacktestErrors.redirected(
          url, status, answer.headers().firstValue("Location").orElse("(no Location)"));
    }
    if (status != 200) {
      throw BacktestErrors.badStatus(
          url, status, new String(answer.errorBody(), StandardCharsets.UTF_8));
    }
    if (!sameOrigin(answer.uri(), base)) {
      // Only with a caller-supplied client that follows redirects (and then without a key).
      throw BacktestErrors.redirected(url, status, answer.uri().toString());
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && Objects.equals(a.getHost(), b.getHost())
        && a.getPort() == b.getPort();
  }

  /** Decompresses at most {@link #INDEX_MAX_BYTES}: a small gzip can expand to gigabytes. */
  private static byte[] gunzip(URI url, byte[] body) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > INDEX_MAX_BYTES) {
          throw BacktestErrors.tooLarge(
              url, INDEX_MAX_BYTES, "the cap for the index, decompressed");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw BacktestErrors.badIndex(url, e);
    }
  }
}
