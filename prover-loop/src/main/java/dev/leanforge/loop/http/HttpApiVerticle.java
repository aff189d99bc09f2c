package dev.leanforge.loop.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.loop.cluster.ClusterSnapshot;
import dev.leanforge.loop.cluster.LeaseKind;
import dev.leanforge.loop.progress.CampaignProgress;
import dev.leanforge.loop.campaign.StoredCampaign;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.Checkpoint;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoreException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API and dashboard of {@code leanforge serve}: JSON views of the store, Prometheus metrics, campaign
 * progress as server-sent events, and one page with charts. Routes and JSON are documented in docs/dashboard.md.
 *
 * <p>It can run in any {@code Vertx}, e.g. next to the campaigns of the same process: it listens to
 * {@link CampaignProgress#ADDRESS} on that instance's event bus. HTTP request metrics appear on {@code /metrics}
 * when the instance was built with {@link InstrumentedVertx} on the same registry; the leanforge meters always do.
 *
 * <p>Store calls are blocking JDBC and run on worker threads; everything else (progress, event streams, meters)
 * stays on this verticle's event-loop context, which is why those parts need no locks.
 */
public final class HttpApiVerticle extends VerticleBase {

    /** Where the page and its script and style live on the class path. */
    static final String DASHBOARD_RESOURCES = "dev/leanforge/loop/http/dashboard";
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
    /** The page loads nothing from elsewhere: this makes the browser hold it to that. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final HttpApiOptions options;
    private final PrometheusMeterRegistry registry;
    private final Supplier<Optional<ClusterSnapshot>> cluster;
    private final LiveProgress live = new LiveProgress();
    private ProgressMeters meters;
    private Store store;
    private EventStream events;
    private RequestDeadlines deadlines;
    private MessageConsumer<Object> progressConsumer;
    private HttpServer server;
    private Instant startedAt;
    private volatile int actualPort = -1;

    /**
     * @param registry where the leanforge meters go and what {@code /metrics} shows; pass the registry the
     *                 {@code Vertx} reports to (see {@link InstrumentedVertx}) to get HTTP metrics as well
     */
    public HttpApiVerticle(HttpApiOptions options, PrometheusMeterRegistry registry) {
        this(options, registry, Optional::empty);
    }

    /**
     * As {@link #HttpApiVerticle(HttpApiOptions, PrometheusMeterRegistry)}, with the workers of the cluster this
     * process coordinates ({@code GET /api/cluster}); {@code cluster} is read on each request, from any thread.
     */
    public HttpApiVerticle(HttpApiOptions options, PrometheusMeterRegistry registry,
            Supplier<Optional<ClusterSnapshot>> cluster) {
        this.options = options;
        this.registry = registry;
        this.cluster = cluster;
    }

    /** The port the server listens on, once started (useful with port 0). */
    public int actualPort() {
        if (actualPort < 0) {
            throw new IllegalStateException("the HTTP API is not listening yet");
        }
        return actualPort;
    }

    /** The dashboard's address, once started. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + actualPort() + "/";
    }

    /** The store this verticle reads, once started: tests hold its lock to show reads never block the event loop. */
    Store store() {
        return store;
    }

    @Override
    public Future<?> start() {
        Path file = options.store().toAbsolutePath();
        return vertx.executeBlocking(() -> openExisting(file))
                .compose(opened -> {
                    store = opened;
                    meters = new ProgressMeters(registry);
                    events = new EventStream(vertx, options.heartbeat());
                    // Local: on a clustered bus, other coordinators' campaigns are not in this store.
                    progressConsumer = vertx.eventBus().localConsumer(CampaignProgress.ADDRESS, this::onProgress);
                    return progressConsumer.completion();
                })
                .compose(registered -> {
                    deadlines = new RequestDeadlines(vertx, options.requestTimeout());
                    return vertx.createHttpServer(serverOptions())
                            .connectionHandler(deadlines::opened)
                            .requestHandler(router())
                            .listen(options.port(), options.host());
                })
                .onSuccess(listening -> {
                    server = listening;
                    startedAt = Instant.now();
                    actualPort = listening.actualPort();
                })
                .recover(failure -> release().transform(released -> Future.failedFuture(failure)));
    }

    private HttpServerOptions serverOptions() {
        return new HttpServerOptions()
                .setIdleTimeout(Math.toIntExact(options.idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                // HTTP/2 streams share a connection, and RequestDeadlines works per connection; the page needs none.
                .setHttp2ClearTextEnabled(false);
    }

    @Override
    public Future<?> stop() {
        return release();
    }

    private static Store openExisting(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("No store at " + file + ". Run a campaign first, or point --store at an "
                    + "existing store.");
        }
        return Store.openReadOnly(file); // serving only reads: it must work where the store cannot be written
    }

    /** Ends the event streams, stops listening and closes the store: whatever of it was started. */
    private Future<?> release() {
        if (events != null) {
            events.close();
        }
        if (deadlines != null) {
            deadlines.close();
        }
        Future<?> unregistered = progressConsumer == null ? Future.succeededFuture() : progressConsumer.unregister();
        Future<?> closed = server == null ? Future.succeededFuture() : server.close();
        return Future.join(unregistered, closed).eventually(() -> store == null ? Future.succeededFuture()
                : vertx.executeBlocking(() -> {
                    store.close();
                    return null;
                }));
    }

    // ---- progress events ----

    private void onProgress(Message<Object> message) {
        CampaignProgress progress;
        try {
            if (!(message.body() instanceof JsonObject json)) {
                throw new IllegalArgumentException("campaign progress must be a JSON object, got "
                        + (message.body() == null ? "null" : message.body().getClass().getSimpleName()));
            }
            progress = CampaignProgress.fromJson(json);
        } catch (IllegalArgumentException e) {
            meters.recordInvalid();
            LOG.warn("ignored a progress event on {}: {}", CampaignProgress.ADDRESS, e.getMessage());
            return;
        }
        LiveProgress.Received received = new LiveProgress.Received(progress, Instant.now());
        live.record(received);
        meters.record(progress);
        events.send(EventStream.event("progress", ApiJson.text(ApiJson.progress(received))));
    }

    // ---- routes ----

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(deadlines::requestArrived);
        router.route().handler(AllowedHosts.of(options.host(), options.allowedHosts()).handler());
        router.get("/api/status").handler(this::status);
        router.get("/api/campaigns").handler(this::campaigns);
        router.get("/api/campaigns/:id").handler(this::campaign);
        router.get("/api/campaigns/:id/attempts").handler(this::attempts);
        router.get("/api/proofs").handler(this::proofs);
        router.get("/api/rounds").handler(this::rounds);
        router.get("/api/throughput").handler(this::throughput);
        router.get("/api/cluster").handler(this::cluster);
        router.get("/api/training").handler(this::training);
        router.get("/api/events").handler(this::events);
        router.route("/api/*").handler(context -> context.fail(new HttpException(404,
                "no such API route: " + context.request().method() + " " + context.request().path())));
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(context -> {
            context.response()
                    .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .putHeader("X-Content-Type-Options", "nosniff");
            context.next();
        }).handler(StaticHandler.create(DASHBOARD_RESOURCES).setCachingEnabled(false));
        router.route().failureHandler(this::failure);
        return router;
    }

    /** The cluster's workers as this coordinator sees them; {@code "cluster": null} when it coordinates none. */
    private void cluster(RoutingContext context) {
        ObjectNode node = ApiJson.MAPPER.createObjectNode();
        Optional<ClusterSnapshot> snapshot = cluster.get();
        if (snapshot.isEmpty()) {
            node.putNull("cluster");
        } else {
            ObjectNode shown = ApiJson.MAPPER.valueToTree(snapshot.get());
            shown.put("size", snapshot.get().size());
            // Per family too: a worker excluded from Lean may still take policy calls.
            shown.put("takingLean", snapshot.get().size(LeaseKind.Family.LEAN));
            shown.put("takingPolicy", snapshot.get().size(LeaseKind.Family.POLICY));
            node.set("cluster", shown);
        }
        send(context, node);
    }

    private void status(RoutingContext context) {
        List<JsonNode> running = live.running().stream().<JsonNode>map(ApiJson::progress).toList();
        List<JsonNode> finished = live.finished().stream().<JsonNode>map(ApiJson::progress).toList();
        int eventClients = events.clientCount();
        Duration uptime = Duration.between(startedAt, Instant.now());
        answer(context, () -> {
            ObjectNode node = ApiJson.MAPPER.createObjectNode()
                    .put("version", version())
                    .put("startedAt", startedAt.toString())
                    .put("uptimeSeconds", uptime.toMillis() / 1000.0)
                    .put("store", store.file().toString())
                    .put("campaigns", store.campaigns().size())
                    .put("proofs", store.proofCount())
                    .put("eventClients", eventClients);
            node.putArray("running").addAll(running);
            node.putArray("finished").addAll(finished);
            return node;
        });
    }

    private void campaigns(RoutingContext context) {
        Map<Long, LiveProgress.Received> latest = live.latestByCampaign();
        answer(context, () -> {
            List<JsonNode> campaigns = new ArrayList<>();
            Map<Long, Round> rounds = StoredCampaign.rounds(store);
            for (Campaign campaign : store.campaigns()) {
                campaigns.add(ApiJson.campaign(campaign, store.counts(campaign.id()),
                        Optional.ofNullable(latest.get(campaign.id())), StoredCampaign.origin(campaign, rounds)));
            }
            return ApiJson.list("campaigns", campaigns);
        });
    }

    private void campaign(RoutingContext context) {
        long id = campaignId(context);
        Optional<LiveProgress.Received> latest = live.latest(id);
        answer(context, () -> {
            Campaign campaign = existingCampaign(id);
            return ApiJson.campaignDetail(StoredCampaign.read(store, campaign, Optional.empty()), latest,
                    List.copyOf(store.solvedTheorems(id)));
        });
    }

    private void attempts(RoutingContext context) {
        long id = campaignId(context);
        int limit = pageParameter(context, "limit", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        int offset = pageParameter(context, "offset", 0, Integer.MAX_VALUE);
        answer(context, () -> {
            existingCampaign(id);
            List<JsonNode> attempts = store.attempts(id, limit, offset).stream().<JsonNode>map(ApiJson::attempt)
                    .toList();
            return ApiJson.MAPPER.createObjectNode().put("campaignId", id)
                    .setAll(ApiJson.page("attempts", attempts, store.counts(id).attempts(), limit, offset));
        });
    }

    private void proofs(RoutingContext context) {
        int limit = pageParameter(context, "limit", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        int offset = pageParameter(context, "offset", 0, Integer.MAX_VALUE);
        answer(context, () -> ApiJson.page("proofs",
                store.proofs(limit, offset).stream().<JsonNode>map(ApiJson::proof).toList(), store.proofCount(),
                limit, offset));
    }

    private void rounds(RoutingContext context) {
        answer(context, () -> {
            List<JsonNode> runs = new ArrayList<>();
            for (String run : store.runs()) {
                Map<Long, Checkpoint> checkpoints = new HashMap<>();
                // A round has at most one checkpoint (finishRound writes it once).
                store.checkpoints(run).forEach(checkpoint -> checkpoints.put(checkpoint.roundId(), checkpoint));
                List<JsonNode> rounds = new ArrayList<>();
                for (Round round : store.rounds(run)) {
                    rounds.add(ApiJson.round(round, Optional.ofNullable(checkpoints.get(round.id()))));
                }
                runs.add(ApiJson.MAPPER.createObjectNode().put("run", run).setAll(ApiJson.list("rounds", rounds)));
            }
            return ApiJson.list("runs", runs);
        });
    }

    private void throughput(RoutingContext context) {
        List<JsonNode> samples = live.throughput().stream().<JsonNode>map(sample -> {
            LiveProgress.Received received = sample.received();
            ObjectNode node = ApiJson.MAPPER.createObjectNode()
                    .put("at", received.at().toString())
                    .put("campaignId", received.progress().campaignId())
                    .put("checksPerSecond", received.progress().checksPerSecond())
                    .put("attempts", received.progress().attempts())
                    .put("theoremsDone", received.progress().theoremsDone());
            if (sample.intervalChecksPerSecond().isPresent()) {
                node.put("intervalChecksPerSecond", sample.intervalChecksPerSecond().getAsDouble());
            } else {
                node.putNull("intervalChecksPerSecond");
            }
            return node;
        }).toList();
        send(context, ApiJson.list("samples", samples));
    }

    /** The training logs ({@code trainer_state.json}'s {@code log_history}) of every STaR run's rounds. */
    private void training(RoutingContext context) {
        answer(context, () -> {
            List<JsonNode> runs = new ArrayList<>();
            for (String run : store.runs()) {
                List<JsonNode> trainings = new ArrayList<>();
                for (TrainingLogs.Log log : TrainingLogs.of(store.rounds(run), store.checkpoints(run))) {
                    trainings.add(ApiJson.MAPPER.valueToTree(log));
                }
                runs.add(ApiJson.MAPPER.createObjectNode().put("run", run).setAll(ApiJson.list("trainings",
                        trainings)));
            }
            return ApiJson.list("runs", runs);
        });
    }

    private void events(RoutingContext context) {
        List<String> initial = live.latest().stream()
                .map(received -> EventStream.event("progress", ApiJson.text(ApiJson.progress(received)))).toList();
        events.open(context, initial);
    }

    // ---- plumbing ----

    /** Runs {@code onWorker} (store reads) off the event loop and answers with the JSON it built. */
    private void answer(RoutingContext context, Callable<JsonNode> onWorker) {
        vertx.executeBlocking(onWorker, false).onComplete(result -> {
            if (result.succeeded()) {
                send(context, result.result());
            } else {
                context.fail(result.cause());
            }
        });
    }

    private static void send(RoutingContext context, JsonNode body) {
        context.response().putHeader("Content-Type", "application/json; charset=utf-8").end(ApiJson.text(body));
    }

    private void failure(RoutingContext context) {
        Throwable failure = context.failure();
        int status = failure instanceof HttpException http ? http.getStatusCode()
                : context.statusCode() > 0 ? context.statusCode() : 500;
        // Only our own HttpException messages reach the client: others (a store error) name files and SQL, which
        // stay in the server's log.
        String message = failure instanceof HttpException http ? http.getPayload()
                : status >= 500 ? "HTTP " + status + ": the server failed; its log says why" : "HTTP " + status;
        if (status >= 500) {
            LOG.error("{} {} failed", context.request().method(), context.request().path(), failure);
        }
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        context.response().setStatusCode(status);
        send(context, ApiJson.error(message));
    }

    private Campaign existingCampaign(long id) {
        return store.campaign(id).orElseThrow(() -> new HttpException(404, "no campaign " + id + " in the store"));
    }

    private static long campaignId(RoutingContext context) {
        String text = context.pathParam("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new HttpException(400, "campaign id must be a number, got '" + text + "'");
        }
    }

    private static int pageParameter(RoutingContext context, String name, int fallback, int max) {
        List<String> values = context.queryParam(name);
        if (values.isEmpty()) {
            return fallback;
        }
        String text = values.get(0);
        try {
            int value = Integer.parseInt(text);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw new HttpException(400, name + " must be a whole number in 0.." + max + ", got '" + text + "'");
    }

    /** The version in the jar's manifest; classes run from a build directory have none. */
    private static String version() {
        return Optional.ofNullable(HttpApiVerticle.class.getPackage().getImplementationVersion())
                .orElse("development build");
    }
}
