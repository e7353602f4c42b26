package io.backtide.control.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/** The admin routes under {@code /reports/backfill}: parse, call the service, answer JSON. */
public final class BackfillRoutes {
  private final BackfillService service;
  private final ObjectMapper mapper;

  public BackfillRoutes(BackfillService service, ObjectMapper mapper) {
    this.service = service;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.get("/reports/backfill/feeds", ctx -> ctx.json(service.feeds()));
    routes.post("/reports/backfill", this::submit);
    routes.get("/reports/backfill/jobs", this::jobs);
    routes.get("/reports/backfill/jobs/{id}", ctx -> ctx.json(service.job(ctx.pathParam("id"))));
    routes.post(
        "/reports/backfill/jobs/{id}/cancel", ctx -> ctx.json(service.cancel(ctx.pathParam("id"))));
  }

  private void submit(Context ctx) {
    BackfillRequest request = BackfillRequest.parse(ctx.body(), mapper);
    ctx.status(201).json(service.submit(request));
  }

  private void jobs(Context ctx) {
    ctx.json(
        service.jobs(
            Optional.ofNullable(ctx.queryParam("status")),
            Optional.ofNullable(ctx.queryParam("limit"))));
  }
}
