package io.backtide.control.data;

import io.backtide.control.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /data/backfill/index} (whole or filtered) and the daily files, with ETags and {@code
 * 304}; {@code HEAD} on both answers the same status and headers without the body (a client can
 * check a file's size and ETag without downloading it).
 */
public final class DataRoutes {
  private static final String PARQUET = "application/vnd.apache.parquet";

  private final PublishedIndex index;
  private final PublishedFiles files;

  public DataRoutes(PublishedIndex index, PublishedFiles files) {
    this.index = index;
    this.files = files;
  }

  public void register(RoutesConfig routes) {
    routes.get("/data/backfill/index", this::index);
    routes.get("/data/backfill/{source}/{subject}/{kind}/{granularity}/{file}", this::file);
    routes.head("/data/backfill/index", this::index);
    routes.head("/data/backfill/{source}/{subject}/{kind}/{granularity}/{file}", this::file);
  }

  /**
   * The index, or the part of it that the query's filter selects, from memory ({@link
   * PublishedIndex}); gzipped when the client accepts gzip (the answer is held gzipped, so Javalin
   * must not compress it again). Both forms share the ETag, the SHA-256 of the JSON.
   */
  private void index(Context ctx) throws IOException {
    IndexBody body = index.answer(IndexQuery.parse(ctx.queryParamMap()));
    ctx.header("Vary", "Accept-Encoding");
    if (notModified(ctx, body.sha256())) {
      return;
    }
    ctx.disableCompression();
    ctx.contentType("application/json");
    if (acceptsGzip(ctx.header("Accept-Encoding"))) {
      ctx.header("Content-Encoding", "gzip");
      send(ctx, body.gzip());
    } else if (body.json() != null) {
      send(ctx, body.json());
    } else {
      ctx.header("Content-Length", String.valueOf(body.jsonLength()));
      if (!isHead(ctx)) {
        ctx.result(body.jsonStream());
      }
    }
  }

  /**
   * Writes bytes held in memory straight to the response. Handing them to {@code ctx.result} would
   * copy them through a new 8 KiB buffer per request, which was 40% of what the index route
   * allocated under load (and so of its collections, which stall every request in flight).
   */
  private static void send(Context ctx, byte[] bytes) throws IOException {
    ctx.header("Content-Length", String.valueOf(bytes.length));
    if (!isHead(ctx)) {
      ctx.res().getOutputStream().write(bytes);
    }
  }

  private static boolean isHead(Context ctx) {
    return ctx.method() == HandlerType.HEAD;
  }

  /** Whether {@code Accept-Encoding} lists gzip (or x-gzip) without {@code q=0}. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.trim().split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      boolean refused = parts.length > 1 && parts[1].trim().replace(" ", "").matches("q=0(\\.0*)?");
      if ((name.equals("gzip") || name.equals("x-gzip")) && !refused) {
        return true;
      }
    }
    return false;
  }

  private void file(Context ctx) throws IOException {
    PublishedFile file =
        files.find(
            ctx.pathParam("source"),
            ctx.pathParam("subject"),
            ctx.pathParam("kind"),
            ctx.pathParam("granularity"),
            ctx.pathParam("file"));
    if (file.sha256().isPresent() && notModified(ctx, file.sha256().get())) {
      return;
    }
    if (isHead(ctx)) {
      fileHeaders(ctx, file);
      return;
    }
    InputStream in;
    try {
      in = Files.newInputStream(file.file());
    } catch (IOException e) {
      throw ApiException.notFound("published file " + file.relativePath() + " vanished: retry");
    }
    fileHeaders(ctx, file);
    ctx.result(in);
  }

  private static void fileHeaders(Context ctx, PublishedFile file) {
    ctx.disableCompression();
    ctx.contentType(PARQUET);
    ctx.header("Content-Length", String.valueOf(file.sizeBytes()));
  }

  /** Sets the ETag; answers 304 when the client already has this version. */
  private static boolean notModified(Context ctx, String sha256) {
    String etag = "\"" + sha256 + "\"";
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", "no-cache");
    boolean match =
        Optional.ofNullable(ctx.header("If-None-Match"))
            .map(h -> Arrays.stream(h.split(",")).map(String::trim))
            .map(
                tags ->
                    tags.anyMatch(t -> t.equals(etag) || t.equals("*") || t.equals("W/" + etag)))
            .orElse(false);
    if (match) {
      ctx.status(304);
    }
    return match;
  }
}
