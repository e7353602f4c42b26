package io.backtide.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backtide.control.backfill.BackfillRoutes;
import io.backtide.control.backfill.BackfillService;
import io.backtide.control.backfill.BulkService;
import io.backtide.control.backfill.FeedCatalog;
import io.backtide.control.backfill.JobLauncher;
import io.backtide.control.backfill.JobRecovery;
import io.backtide.control.backfill.JobStarts;
import io.backtide.control.data.DataRoutes;
import io.backtide.control.data.PublishedFiles;
import io.backtide.control.data.PublishedIndex;
import io.backtide.jobstore.BackfillChunkRepository;
import io.backtide.jobstore.BackfillJobRepository;
import io.backtide.jobstore.BulkJobRepository;
import io.backtide.jobstore.JobStoreException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires the job store, feed catalog, published index, launcher, recovery and
 * HTTP routes by hand. Everything a test may replace is a parameter of {@link #create}.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  private final ControlPlaneConfig config;
  private final Javalin app;
  private final JobRecovery recovery;
  private final JobLauncher launcher;
  private final ScheduledExecutorService scheduler;

  /** Set by {@link #close()}, which may run (SIGTERM) while {@link #start()} still runs. */
  private volatile boolean closed;

  /** Where the server listens, once {@link #start()} has bound it; null before or when stopped. */
  private volatile URI listening;

  private ControlPlane(
      ControlPlaneConfig config, Javalin app, JobRecovery recovery, JobLauncher launcher) {
    this.config = config;
    this.app = app;
    this.recovery = recovery;
    this.launcher = launcher;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "backtide-recovery");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Builds the control plane (the database must be migrated already); nothing runs until {@link
   * #start()}.
   *
   * @throws IllegalArgumentException when the feeds file is missing or invalid
   */
  public static ControlPlane create(
      ControlPlaneConfig config, DataSource dataSource, Clock clock, JobLauncher launcher) {
    ObjectMapper mapper = Json.mapper();
    createDirectories(config);
    BackfillJobRepository jobs = new BackfillJobRepository(dataSource, clock);
    FeedCatalog catalog = FeedCatalog.load(config.feedsFile(), mapper);
    PublishedIndex index = new PublishedIndex(config.publishedDir());
    BulkJobRepository bulks = new BulkJobRepository(dataSource, clock);
    JobStarts starts = new JobStarts(launcher, catalog, bulks::find);
    BackfillService service =
        new BackfillService(jobs, catalog, index, launcher, starts, clock, config.maxRange());
    BulkService bulk =
        new BulkService(
            service,
            bulks,
            new BackfillChunkRepository(dataSource, clock),
            catalog,
            config.binanceBaseUrl(),
            config.binanceArchiveUrl(),
            clock,
            config.maxRange());
    JobRecovery recovery =
        new JobRecovery(jobs, launcher, starts, clock, config.staleAfter(), config.maxAttempts());
    HealthCheck health = new HealthCheck(dataSource, config.dataDir(), config.minFreeBytes());
    BackfillRoutes backfill = new BackfillRoutes(service, bulk, mapper);
    DataRoutes data = new DataRoutes(index, new PublishedFiles(config.publishedDir(), index));
    WrongKeyThrottle throttle = new WrongKeyThrottle(clock);
    Javalin app =
        Javalin.create(cfg -> configure(cfg, config, mapper, health, throttle, backfill, data));
    return new ControlPlane(config, app, recovery, launcher);
  }

  private static void configure(
      JavalinConfig cfg,
      ControlPlaneConfig config,
      ObjectMapper mapper,
      HealthCheck health,
      WrongKeyThrottle throttle,
      BackfillRoutes backfill,
      DataRoutes data) {
    cfg.startup.showJavalinBanner = false;
    cfg.startup.showOldJavalinVersionWarning = false;
    cfg.jsonMapper(new JavalinJackson(mapper, false));
    cfg.staticFiles.add("/public", Location.CLASSPATH);
    BackfillRoutes.registerConverters(cfg.validation);
    cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new JsonErrorHandler()));
    ErrorMapping.install(cfg.routes);
    cfg.routes.before(ctx -> SecurityHeaders.ALL.forEach(ctx::header));
    cfg.routes.before(new RequestGuard(config.host(), config.access())::check);
    config
        .apiKey()
        .ifPresent(
            key -> cfg.routes.before(new ApiKeyFilter(key, config.apiReadAuth(), throttle)::check));
    cfg.routes.get(
        "/health",
        ctx -> {
          Health h = health.check();
          ctx.status(h.healthy() ? 200 : 503).json(h);
        });
    backfill.register(cfg.routes);
    data.register(cfg.routes);
  }

  /**
   * Resumes what needs resuming, starts the periodic recovery and the HTTP server. When {@link
   * #close()} comes first or meanwhile (a SIGTERM during start-up), it stops there and {@link
   * #listening()} stays empty, instead of reporting the address of a server already stopped.
   */
  public ControlPlane start() {
    launcher.onExit(
        id -> {
          if (!scheduler.isShutdown()) {
            scheduler.execute(this::recover);
          }
        });
    if (!closed) {
      recover();
      serve();
    }
    int port = closed ? -1 : app.port();
    if (closed || port <= 0) {
      LOG.info("control plane stopped while it was starting");
      return this;
    }
    listening = address(port);
    LOG.info("control plane listening on {}", listening);
    return this;
  }

  /**
   * Schedules the recovery and starts the HTTP server; a failure because it closed meanwhile is
   * none.
   */
  private void serve() {
    try {
      long every = config.recoveryEvery().toMillis();
      scheduler.scheduleWithFixedDelay(this::recover, every, every, TimeUnit.MILLISECONDS);
      app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      if (!closed) {
        throw e;
      }
    }
  }

  /** Where the server listens; empty before {@link #start()} and when it stopped while starting. */
  public Optional<URI> listening() {
    return Optional.ofNullable(listening);
  }

  private void recover() {
    try {
      JobRecovery.Outcome outcome = recovery.runOnce();
      if (outcome != JobRecovery.Outcome.HEALTHY && outcome != JobRecovery.Outcome.NOTHING_ACTIVE) {
        LOG.info("recovery: {}", outcome);
      }
    } catch (JobStoreException e) {
      // An outage lasts many passes: one line each, not a stack trace each.
      LOG.warn("recovery pass failed; next pass in {}: {}", config.recoveryEvery(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("recovery pass failed; next pass in {}", config.recoveryEvery(), e);
    }
  }

  /** The port the server listens on (the real one when the configuration asked for 0). */
  public int port() {
    return app.port();
  }

  /**
   * {@code http://localhost:<port>}, or the {@code HOST} address when it is not every interface.
   */
  public URI uri() {
    return address(port());
  }

  private URI address(int port) {
    String host = config.host();
    boolean everywhere = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    return URI.create("http://" + (everywhere ? "localhost" : host) + ":" + port);
  }

  /** Stops the server, the recovery and every job process this control plane started. */
  @Override
  public void close() {
    closed = true;
    listening = null;
    scheduler.shutdownNow();
    app.stop();
    launcher.close();
    LOG.info("control plane stopped");
  }

  private static void createDirectories(ControlPlaneConfig config) {
    try {
      Files.createDirectories(config.publishedDir());
      Files.createDirectories(config.logDir());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create folders under BACKTIDE_DATA_DIR " + config.dataDir() + ": " + e, e);
    }
  }
}
