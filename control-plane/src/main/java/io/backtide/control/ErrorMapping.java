package io.backtide.control;

import io.backtide.control.backfill.BackfillException;
import io.backtide.jobstore.JobConflictException;
import io.backtide.jobstore.JobStateException;
import io.backtide.jobstore.JobStoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become status codes and {@code {"error","detail"}} bodies. */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  static void install(RoutesConfig routes) {
    routes.exception(ApiException.class, (e, ctx) -> send(ctx, e.status(), e.body()));
    routes.exception(BackfillException.class, (e, ctx) -> send(ctx, status(e.reason()), body(e)));
    routes.exception(
        JobConflictException.class,
        (e, ctx) -> send(ctx, 409, new ApiError("conflict", e.getMessage())));
    routes.exception(
        JobStateException.class,
        (e, ctx) ->
            send(
                ctx,
                e.isNotFound() ? 404 : 409,
                new ApiError(e.isNotFound() ? "not_found" : "conflict", e.getMessage())));
    routes.exception(
        IllegalArgumentException.class,
        (e, ctx) -> send(ctx, 400, new ApiError("invalid_request", e.getMessage())));
    routes.exception(
        JobStoreException.class,
        (e, ctx) -> {
          LOG.error("{} {}: job store unavailable", ctx.method(), ctx.path(), e);
          send(ctx, 503, new ApiError("unavailable", e.getMessage()));
        });
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> send(ctx, e.getStatus(), new ApiError(category(e.getStatus()), message(e))));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {}: unexpected failure", ctx.method(), ctx.path(), e);
          send(
              ctx,
              500,
              new ApiError("internal_error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        });
  }

  private static int status(BackfillException.Reason reason) {
    return switch (reason) {
      case INVALID_REQUEST -> 400;
      case UNKNOWN_JOB -> 404;
      case CANNOT_LAUNCH -> 503;
    };
  }

  private static ApiError body(BackfillException e) {
    String error =
        switch (e.reason()) {
          case INVALID_REQUEST -> "invalid_request";
          case UNKNOWN_JOB -> "not_found";
          case CANNOT_LAUNCH -> "unavailable";
        };
    return new ApiError(error, e.getMessage());
  }

  private static String message(HttpResponseException e) {
    if (e.getStatus() == 404) {
      return "no such route or resource: " + e.getMessage();
    }
    return e.getMessage();
  }

  static String category(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "unauthorized";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 429 -> "too_many_requests";
      default -> status >= 500 ? "internal_error" : "http_" + status;
    };
  }

  static void send(Context ctx, int status, ApiError body) {
    ctx.status(status).json(body);
  }
}
