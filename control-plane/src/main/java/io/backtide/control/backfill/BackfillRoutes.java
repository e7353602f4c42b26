package io.backtide.control.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.core.FeedKey;
import io.backtide.jobstore.JobStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.config.ValidationConfig;
import io.javalin.http.Context;
import io.javalin.validation.ValidationError;
import io.javalin.validation.Validator;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The admin routes under {@code /reports/backfill}: parse path and query parameters into typed
 * values with Javalin's validators, call the service, answer JSON.
 */
public final class BackfillRoutes {
  private final BackfillService service;
  private final BulkService bulk;
  private final ObjectMapper mapper;

  public BackfillRoutes(BackfillService service, BulkService bulk, ObjectMapper mapper) {
    this.service = service;
    this.bulk = bulk;
    this.mapper = mapper;
  }

  /** The converters the validators of these routes need besides Javalin's own. */
  public static void registerConverters(ValidationConfig validation) {
    validation.register(UUID.class, UUID::fromString);
    validation.register(JobStatus.class, JobStatus::parse);
    validation.register(LocalDate.class, LocalDate::parse);
  }

  public void register(RoutesConfig routes) {
    routes.get("/reports/backfill/feeds", ctx -> ctx.json(service.feeds()));
    routes.get("/reports/backfill/feeds/{source}/{subject}/{kind}/{granularity}/gaps", this::gaps);
    routes.post("/reports/backfill", this::submit);
    routes.get("/reports/backfill/jobs", this::jobs);
    routes.get("/reports/backfill/jobs/{id}", ctx -> ctx.json(service.job(jobId(ctx))));
    routes.post("/reports/backfill/jobs/{id}/cancel", ctx -> ctx.json(service.cancel(jobId(ctx))));
    routes.post("/reports/backfill/jobs/{id}/resume", ctx -> ctx.json(service.resume(jobId(ctx))));
    routes.post("/reports/backfill/bulk", this::submitBulk);
    routes.get("/reports/backfill/bulk", ctx -> ctx.json(bulk.list(limit(ctx))));
    routes.get("/reports/backfill/bulk/{id}", ctx -> ctx.json(bulk.bulk(bulkId(ctx))));
  }

  private void submitBulk(Context ctx) {
    BulkRequest request = BulkRequest.parse(ctx.body(), mapper);
    ctx.status(201).json(bulk.submit(request));
  }

  /** A malformed id is as unknown as a well-formed one without a bulk job: 404 either way. */
  private static UUID bulkId(Context ctx) {
    return ctx.pathParamAsClass("id", UUID.class)
        .getOrThrow(e -> BackfillErrors.notBulk(ctx.pathParam("id")));
  }

  private void submit(Context ctx) {
    BackfillRequest request = BackfillRequest.parse(ctx.body(), mapper);
    ctx.status(201).json(service.submit(request));
  }

  private void jobs(Context ctx) {
    Optional<JobStatus> status =
        optional(
            ctx,
            "status",
            ctx.queryParamAsClass("status", JobStatus.class),
            e -> BackfillErrors.badValue("status filter: " + e));
    ctx.json(service.jobs(status, limit(ctx)));
  }

  private static int limit(Context ctx) {
    return optional(
            ctx,
            "limit",
            ctx.queryParamAsClass("limit", Integer.class),
            e -> BackfillErrors.badLimit(ctx.queryParam("limit")))
        .orElse(BackfillService.DEFAULT_LIMIT);
  }

  private void gaps(Context ctx) {
    FeedKey feed;
    try {
      feed =
          FeedKey.of(
              ctx.pathParam("source"),
              ctx.pathParam("subject"),
              ctx.pathParam("kind"),
              ctx.pathParam("granularity"));
    } catch (IllegalArgumentException e) {
      throw BackfillErrors.badValue(e.getMessage());
    }
    Optional<LocalDate> start = date(ctx, "start");
    Optional<LocalDate> end = date(ctx, "end");
    ctx.json(service.gaps(feed, start, end));
  }

  private static Optional<LocalDate> date(Context ctx, String name) {
    return optional(
        ctx,
        name,
        ctx.queryParamAsClass(name, LocalDate.class),
        e ->
            BackfillErrors.badValue(
                name + " '" + ctx.queryParam(name) + "' is not a date YYYY-MM-DD"));
  }

  /** A malformed id is as unknown as a well-formed one without a job: 404 either way. */
  private static UUID jobId(Context ctx) {
    return ctx.pathParamAsClass("id", UUID.class)
        .getOrThrow(e -> BackfillErrors.unknownJob(ctx.pathParam("id")));
  }

  /**
   * The typed value of an optional query parameter; present but unconvertible is an error built by
   * {@code error} from the converter's own message.
   */
  private static <T> Optional<T> optional(
      Context ctx,
      String name,
      Validator<T> validator,
      java.util.function.Function<String, BackfillException> error) {
    if (ctx.queryParam(name) == null) {
      return Optional.empty();
    }
    return Optional.of(validator.getOrThrow(errors -> error.apply(conversionMessage(errors))));
  }

  private static String conversionMessage(
      Map<String, ? extends List<? extends ValidationError<?>>> errors) {
    return errors.values().stream()
        .flatMap(List::stream)
        .map(ValidationError::exception)
        .filter(Objects::nonNull)
        .map(Exception::getMessage)
        .findFirst()
        .orElse("a value is required");
  }
}
