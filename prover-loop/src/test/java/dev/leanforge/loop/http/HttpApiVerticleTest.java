package dev.leanforge.loop.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.progress.CampaignProgress;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoreException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class HttpApiVerticleTest {

    private static final String HOST = "127.0.0.1";

    @TempDir
    Path tmp;

    private final List<BlockedThreadEvent> blocked = new CopyOnWriteArrayList<>();
    private Path storeFile;
    private Vertx vertx;
    private PrometheusMeterRegistry registry;
    private HttpApiVerticle api;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        storeFile = DashboardData.write(tmp.resolve("runs/leanforge.db"));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The checker looks every 100 ms; an event loop busy for 2 s (e.g. on a store call) is reported: a tighter limit
        // failed on a loaded 2-core machine where nothing blocked.
        vertx = InstrumentedVertx.create(new VertxOptions()
                .setBlockedThreadCheckInterval(100).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(2).setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS), registry);
        ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(blocked::add);
        api = new HttpApiVerticle(new HttpApiOptions(HOST, 0, storeFile, Duration.ofMillis(200)), registry);
        await(vertx.deployVerticle(api));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(HOST).setDefaultPort(api.actualPort()));
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
        assertThat(blocked).as("blocked-thread warnings").isEmpty();
    }

    // ---- JSON routes ----

    @Test
    void statusSaysWhatIsServedAndWhatIsRunning() throws Exception {
        publish(DashboardData.progress(3, 7, false));
        awaitStatus(status -> status.getJsonArray("running").size() == 1);

        JsonObject status = getJson("/api/status");

        assertThat(status.getString("version")).isNotBlank();
        assertThat(status.getString("store")).isEqualTo(storeFile.toAbsolutePath().toString());
        assertThat(status.getDouble("uptimeSeconds")).isGreaterThanOrEqualTo(0);
        assertThat(status.getInteger("campaigns")).isEqualTo(2);
        assertThat(status.getInteger("proofs")).isEqualTo(2);
        JsonObject running = status.getJsonArray("running").getJsonObject(0);
        assertThat(running.getLong("campaignId")).isEqualTo(DashboardData.RUNNING);
        assertThat(running.getInteger("theoremsDone")).isEqualTo(3);
        assertThat(running.getString("receivedAt")).isNotBlank();

        publish(DashboardData.progress(10, 20, true));
        assertThat(awaitStatus(s -> s.getJsonArray("running").isEmpty()).getJsonArray("running")).isEmpty();
    }

    @Test
    void campaignsListEveryStoredCampaignWithItsCounts() throws Exception {
        JsonArray campaigns = getJson("/api/campaigns").getJsonArray("campaigns");

        assertThat(campaigns).hasSize(2);
        JsonObject finished = campaigns.getJsonObject(0);
        assertThat(finished.getLong("id")).isEqualTo(DashboardData.FINISHED);
        assertThat(finished.getString("set")).isEqualTo("core-nat");
        assertThat(finished.getString("split")).isEqualTo("train");
        assertThat(finished.getString("status")).isEqualTo("FINISHED");
        assertThat(finished.getInteger("theoremsAttempted")).isEqualTo(3);
        assertThat(finished.getInteger("theoremsSolved")).isEqualTo(1);
        assertThat(finished.getInteger("attempts")).isEqualTo(4);
        assertThat(finished.getJsonObject("verdicts")).isEqualTo(new JsonObject()
                .put("PROVED", 1).put("FAILED", 1).put("REJECTED", 1).put("TIMEOUT", 1).put("CRASHED", 0));
        assertThat(finished.getValue("live")).isNull();
        assertThat(campaigns.getJsonObject(1).getString("status")).isEqualTo("RUNNING");
    }

    @Test
    void oneCampaignHasItsConfigAndSolvedTheorems() throws Exception {
        JsonObject campaign = getJson("/api/campaigns/" + DashboardData.FINISHED);

        assertThat(campaign.getString("strategy")).isEqualTo("sample");
        assertThat(campaign.getJsonObject("config")).isEqualTo(new JsonObject().put("k", 2).put("temperature", 0.8));
        assertThat(campaign.getJsonArray("solvedTheorems")).containsExactly("nat_add_zero");
    }

    @Test
    void anUnknownOrMalformedCampaignIsAJsonError() throws Exception {
        HttpResponse<Buffer> missing = await(client.get("/api/campaigns/99").send());
        HttpResponse<Buffer> malformed = await(client.get("/api/campaigns/abc/attempts").send());
        HttpResponse<Buffer> unknownRoute = await(client.get("/api/nothing").send());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.bodyAsJsonObject().getString("error")).startsWith("no campaign 99 in ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.bodyAsJsonObject().getString("error")).contains("'abc'");
        assertThat(unknownRoute.statusCode()).isEqualTo(404);
        assertThat(unknownRoute.bodyAsJsonObject().getString("error")).contains("GET /api/nothing");
    }

    @Test
    void attemptsComePageByPageWithTheirVerdicts() throws Exception {
        JsonObject page = getJson("/api/campaigns/" + DashboardData.FINISHED + "/attempts?limit=2&offset=1");

        assertThat(page.getInteger("total")).isEqualTo(4);
        assertThat(page.getInteger("limit")).isEqualTo(2);
        assertThat(page.getInteger("offset")).isEqualTo(1);
        JsonArray attempts = page.getJsonArray("attempts");
        assertThat(attempts).hasSize(2);
        JsonObject failed = attempts.getJsonObject(0);
        assertThat(failed.getString("theorem")).isEqualTo("nat_succ_ne");
        assertThat(failed.getInteger("attemptIndex")).isZero();
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getString("reason")).isEqualTo("unsolved goals");
        assertThat(failed.getString("proof")).isEqualTo("omega");
        assertThat(failed.getDouble("policyLogProb")).isEqualTo(-1.5);
        assertThat(attempts.getJsonObject(1).getString("status")).isEqualTo("TIMEOUT");

        JsonObject first = getJson("/api/campaigns/" + DashboardData.FINISHED + "/attempts");
        assertThat(first.getInteger("limit")).isEqualTo(HttpApiVerticle.DEFAULT_PAGE_SIZE);
        assertThat(first.getJsonArray("attempts").getJsonObject(0).getJsonArray("axioms")).containsExactly("propext");

        HttpResponse<Buffer> tooMany = await(client.get("/api/campaigns/1/attempts?limit=5000").send());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.bodyAsJsonObject().getString("error")).isEqualTo("limit must be a whole number in "
                + "0..1000, got '5000'");
        assertThat(await(client.get("/api/campaigns/99/attempts").send()).statusCode()).isEqualTo(404);
    }

    @Test
    void proofsAreTheLedgerFieldsWithTheirAttempt() throws Exception {
        JsonObject page = getJson("/api/proofs?limit=1&offset=1");

        assertThat(page.getInteger("total")).isEqualTo(2);
        JsonObject proof = page.getJsonArray("proofs").getJsonObject(0);
        assertThat(proof.getString("theorem")).isEqualTo("nat_le_refl");
        assertThat(proof.getValue("attemptId")).isNull();
        assertThat(proof.getString("statementHash")).hasSize(64);
        assertThat(proof.getString("leanVersion")).isEqualTo("4.24.0");
        assertThat(proof.getString("tier")).isEqualTo("fresh");
        assertThat(getJson("/api/proofs").getJsonArray("proofs").getJsonObject(0).getLong("attemptId")).isNotNull();
    }

    @Test
    void roundsCarryTheirCheckpointAndItsPassAtK() throws Exception {
        JsonArray runs = getJson("/api/rounds").getJsonArray("runs");

        assertThat(runs).hasSize(1);
        assertThat(runs.getJsonObject(0).getString("run")).isEqualTo(DashboardData.RUN);
        JsonArray rounds = runs.getJsonObject(0).getJsonArray("rounds");
        assertThat(rounds).hasSize(3);
        JsonObject round0 = rounds.getJsonObject(0);
        assertThat(round0.getJsonObject("checkpoint").getBoolean("promoted")).isTrue();
        assertThat(round0.getJsonObject("report")).isEqualTo(new JsonObject().put("round", 0));
        assertThat(round0.getJsonArray("passAtK")).containsExactly(
                new JsonObject().put("split", "valid").put("k", 1).put("value", 0.25),
                new JsonObject().put("split", "valid").put("k", 8).put("value", 0.5));
        assertThat(rounds.getJsonObject(1).getJsonObject("checkpoint").getBoolean("promoted")).isFalse();
        JsonObject running = rounds.getJsonObject(2);
        assertThat(running.getString("status")).isEqualTo("RUNNING");
        assertThat(running.getValue("checkpoint")).isNull();
        assertThat(running.getJsonArray("passAtK")).isEmpty();
    }

    // ---- progress: events, metrics ----

    @Test
    void publishedProgressReachesAnEventStreamClient(VertxTestContext test) throws Exception {
        publish(DashboardData.progress(1, 2, false));
        awaitStatus(status -> status.getJsonArray("running").size() == 1);
        StringBuilder stream = new StringBuilder();
        AtomicBoolean publishedNext = new AtomicBoolean();

        vertx.createHttpClient().request(new RequestOptions().setHost(HOST).setPort(api.actualPort())
                        .setURI("/api/events"))
                .compose(HttpClientRequest::send)
                .onComplete(test.succeeding(response -> response.handler(chunk -> {
                    stream.append(chunk.toString());
                    List<JsonObject> events = EventClient.progressEvents(stream.toString());
                    // A client that connects late first gets the latest event of each campaign, then new ones.
                    if (events.size() == 1 && !publishedNext.getAndSet(true)) {
                        publish(DashboardData.progress(2, 5, false));
                    } else if (events.size() == 2) {
                        test.verify(() -> {
                            assertThat(response.getHeader("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
                            assertThat(stream.toString()).startsWith("retry: 3000\n\n");
                            assertThat(events.get(0).getInteger("theoremsDone")).isEqualTo(1);
                            JsonObject next = events.get(1);
                            assertThat(next.getLong("campaignId")).isEqualTo(DashboardData.RUNNING);
                            assertThat(next.getInteger("theoremsDone")).isEqualTo(2);
                            assertThat(next.getInteger("attempts")).isEqualTo(5);
                            assertThat(next.getJsonObject("verdicts").getInteger("FAILED")).isEqualTo(4);
                            assertThat(next.getBoolean("finished")).isFalse();
                            assertThat(next.getString("receivedAt")).isNotBlank();
                        });
                        test.completeNow();
                    }
                })));

        assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).as("two events arrived").isTrue();
    }

    @Test
    void idleStreamsGetHeartbeatsAndClosedOnesAreDropped() throws Exception {
        EventClient first = EventClient.open(vertx, api.actualPort());
        EventClient second = EventClient.open(vertx, api.actualPort());
        awaitStatus(status -> status.getInteger("eventClients") == 2);

        first.awaitText(": heartbeat\n\n");
        first.close();

        assertThat(awaitStatus(status -> status.getInteger("eventClients") == 1).getInteger("eventClients"))
                .isEqualTo(1);
        second.close();
        awaitStatus(status -> status.getInteger("eventClients") == 0);
    }

    @Test
    void metricsAreValidPrometheusTextWithHttpAndCampaignMeters() throws Exception {
        publish(DashboardData.progress(2, 4, false));
        publish(DashboardData.progress(4, 9, false));
        awaitStatus(status -> status.getJsonArray("running").getJsonObject(0).getInteger("theoremsDone") == 4);
        vertx.eventBus().publish(CampaignProgress.ADDRESS, new JsonObject().put("campaignId", 5));
        getJson("/api/campaigns");

        HttpResponse<Buffer> response = await(client.get("/metrics").send());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
        List<PrometheusText.Sample> samples = PrometheusText.parse(response.bodyAsString());
        assertThat(value(samples, "leanforge_checks_total", "campaign", "2")).isEqualTo(9);
        assertThat(value(samples, "leanforge_verdicts_total", "status", "FAILED")).isEqualTo(7);
        assertThat(value(samples, "leanforge_verdicts_total", "status", "PROVED")).isEqualTo(2);
        assertThat(value(samples, "leanforge_campaign_theorems_solved", "campaign", "2")).isEqualTo(2);
        assertThat(value(samples, "leanforge_campaign_theorems_done", "set", "core-list")).isEqualTo(4);
        assertThat(value(samples, "leanforge_campaign_theorems", "campaign", "2")).isEqualTo(10);
        assertThat(value(samples, "leanforge_campaign_checks_per_second", "campaign", "2")).isEqualTo(2.5);
        assertThat(value(samples, "leanforge_campaigns_live", null, null)).isEqualTo(1);
        assertThat(value(samples, "leanforge_progress_events_total", null, null)).isEqualTo(2);
        assertThat(value(samples, "leanforge_progress_events_invalid_total", null, null)).isEqualTo(1);
        assertThat(value(samples, "vertx_http_server_requests_total", "route", "/api/campaigns")).isEqualTo(1);
    }

    @Test
    void aCampaignThatRestartsCountingAddsItsNewTotal() throws Exception {
        publish(DashboardData.progress(4, 9, false));
        publish(DashboardData.progress(1, 3, false)); // a resumed process counting from 0 again
        awaitStatus(status -> status.getJsonArray("running").getJsonObject(0).getInteger("attempts") == 3);

        List<PrometheusText.Sample> samples = PrometheusText.parse(await(client.get("/metrics").send()).bodyAsString());

        assertThat(value(samples, "leanforge_checks_total", "campaign", "2")).isEqualTo(12);
    }

    // ---- the page ----

    @Test
    void thePageIsServedAndLoadsOnlyItsOwnResources() throws Exception {
        HttpResponse<Buffer> page = await(client.get("/").send());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Content-Type")).startsWith("text/html");
        assertThat(page.getHeader("Content-Security-Policy")).startsWith("default-src 'self'");
        String html = page.bodyAsString();
        assertThat(html).contains("<svg id=\"throughput-chart\"", "<svg id=\"solved-chart\"", "<svg id=\"passk-chart\"",
                "id=\"running\"");
        List<String> references = new ArrayList<>();
        Matcher reference = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (reference.find()) {
            references.add(reference.group(1));
        }
        assertThat(references).containsExactlyInAnyOrder("favicon.svg", "dashboard.css", "dashboard.js");
        for (String resource : references) {
            HttpResponse<Buffer> loaded = await(client.get("/" + resource).send());
            assertThat(loaded.statusCode()).as(resource).isEqualTo(200);
            // The only absolute URL anywhere is the SVG namespace, a name that is never fetched.
            assertThat(loaded.bodyAsString().replaceAll("[\"']http://www\\.w3\\.org/2000/svg[\"']", ""))
                    .as(resource).doesNotContain("http://", "https://", "//cdn", "@import", "url(");
        }
        assertThat(await(client.head("/").send()).statusCode()).as("HEAD, e.g. a health check").isEqualTo(200);
        String script = await(client.get("/dashboard.js").send()).bodyAsString();
        assertThat(script).contains("new EventSource('api/events')", "getJson('api/status')", "getJson('api/rounds')");
    }

    // ---- threads and lifecycle ----

    @Test
    void storeReadsWaitOnAWorkerWhileTheEventLoopKeepsAnswering() throws Exception {
        Store store = api.store();
        Future<HttpResponse<Buffer>> campaigns;
        synchronized (store) { // every Store method is synchronized: while this holds, each store call waits
            campaigns = client.get("/api/campaigns").send();
            HttpResponse<Buffer> metrics = await(client.get("/metrics").send());
            HttpResponse<Buffer> page = await(client.get("/").send());
            Thread.sleep(1_500); // longer than the event loop may be busy: the checker would report it

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(campaigns.isComplete()).as("the store read still waits").isFalse();
        }
        assertThat(await(campaigns).statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingStoreFailsTheStartAndIsNotCreated() {
        Path missing = tmp.resolve("nowhere/leanforge.db");
        HttpApiOptions defaults = HttpApiOptions.of(missing);
        HttpApiVerticle noStore = new HttpApiVerticle(defaults, registry);

        assertThat(defaults).isEqualTo(new HttpApiOptions("127.0.0.1", 8080, missing, Duration.ofSeconds(15)));
        assertThatThrownBy(() -> await(vertx.deployVerticle(noStore))).isInstanceOf(StoreException.class)
                .hasMessage("No store at " + missing + ". Run a campaign first, or point --store at an existing store.");
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void aTakenPortFailsTheStartWithABindError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            HttpApiVerticle second = new HttpApiVerticle(new HttpApiOptions(HOST, taken.getLocalPort(), storeFile,
                    Duration.ofSeconds(15)), registry);

            assertThatThrownBy(() -> await(vertx.deployVerticle(second))).isInstanceOf(BindException.class);
        }
    }

    // ---- hardening: slow clients, Host header, what errors tell ----

    /** Timeouts short enough for a test; the heartbeat of the shared server (200 ms) is well inside them. */
    private static final Duration SHORT_IDLE = Duration.ofSeconds(2);
    private static final Duration SHORT_REQUEST = Duration.ofSeconds(1);
    /** The most a test waits for the server to close a connection: far more than the timeouts, far less than forever. */
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(6);

    /** A second server over the same store, with {@link #SHORT_IDLE} and {@link #SHORT_REQUEST}; its port. */
    private int shortTimeoutServer() throws Exception {
        HttpApiVerticle shortTimeouts = new HttpApiVerticle(new HttpApiOptions(HOST, 0, storeFile,
                Duration.ofMillis(200)).withTimeouts(SHORT_IDLE, SHORT_REQUEST), registry);
        await(vertx.deployVerticle(shortTimeouts));
        return shortTimeouts.actualPort();
    }

    @Test
    void aHalfOpenConnectionIsClosedByTheServerWithinTheRequestTimeout() throws Exception {
        try (Socket socket = new Socket(HOST, shortTimeoutServer())) {
            socket.setSoTimeout(Math.toIntExact(CLOSE_WITHIN.toMillis()));
            long start = System.nanoTime();
            socket.getOutputStream().write("GET /api/sta".getBytes(StandardCharsets.US_ASCII));

            assertThat(socket.getInputStream().read()).as("EOF: the server closed the connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT_REQUEST.minusMillis(100));
        }
    }

    @Test
    void aClientTricklingItsHeadersIsClosedThoughItIsNeverIdle() throws Exception {
        try (Socket socket = new Socket(HOST, shortTimeoutServer())) {
            socket.setSoTimeout(200); // a header line whenever nothing came back for 200 ms: never idle for 2 s
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/status HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + CLOSE_WITHIN.toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    closed = socket.getInputStream().read() == -1;
                } catch (SocketTimeoutException stillOpen) {
                    try {
                        out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException reset) {
                        closed = true; // the server closed it between our read and this write
                    }
                }
            }

            assertThat(closed).as("closed within " + CLOSE_WITHIN).isTrue();
        }
    }

    @Test
    void anEventStreamOutlivesTheIdleTimeoutOnItsHeartbeats() throws Exception {
        EventClient stream = EventClient.open(vertx, shortTimeoutServer());
        // Two idle timeouts' worth of heartbeats (200 ms apart) arrive on the one connection.
        int beats = Math.toIntExact(SHORT_IDLE.multipliedBy(2).toMillis() / 200);
        stream.awaitText(": heartbeat\n\n".repeat(beats));

        publish(DashboardData.progress(4, 9, false));

        stream.awaitText("\"theoremsDone\":4");
        stream.close();
    }

    @Test
    void aHeartbeatNoShorterThanTheIdleTimeoutIsRefused() {
        assertThatThrownBy(() -> new HttpApiOptions(HOST, 0, storeFile, Duration.ofSeconds(15))
                .withTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heartbeat (PT15S) must be shorter than idleTimeout (PT15S)");
    }

    @Test
    void aRequestForAnotherHostNameIsRefusedAgainstDnsRebinding() throws Exception {
        int port = api.actualPort();
        assertThat(rawGet(port, "/api/status", "evil.example")).startsWith("HTTP/1.1 421 ");
        assertThat(rawGet(port, "/api/status", "evil.example:" + port)).startsWith("HTTP/1.1 421 ");
        assertThat(rawGet(port, "/", "evil.example")).startsWith("HTTP/1.1 421 ");
        assertThat(rawGet(port, "/metrics", "evil.example")).startsWith("HTTP/1.1 421 ");

        for (String host : List.of("localhost", "localhost:" + api.actualPort(), "127.0.0.1:" + api.actualPort(),
                "[::1]:" + api.actualPort(), "LOCALHOST")) {
            assertThat(rawGet(api.actualPort(), "/api/status", host)).as(host).startsWith("HTTP/1.1 200 ");
        }
        assertThat(rawGet(api.actualPort(), "/api/status", "10.1.2.3")).as("an address it is not bound to")
                .startsWith("HTTP/1.1 421 ");
    }

    @Test
    void anAllowedHostNameIsAnsweredAndTheRefusalSaysHowToAllowOne() throws Exception {
        HttpApiVerticle named = new HttpApiVerticle(new HttpApiOptions(HOST, 0, storeFile, Duration.ofMillis(200))
                .withAllowedHosts(List.of("Dash.Example")), registry);
        await(vertx.deployVerticle(named));

        assertThat(rawGet(named.actualPort(), "/api/status", "dash.example:80")).startsWith("HTTP/1.1 200 ");
        String refused = rawGet(named.actualPort(), "/api/status", "evil.example");
        assertThat(refused).startsWith("HTTP/1.1 421 ").contains("--allowed-host NAME");
    }

    @Test
    void errorBodiesNameNoAbsolutePath() throws Exception {
        HttpResponse<Buffer> missing = await(client.get("/api/campaigns/99").send());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("no campaign 99 in the store");

        api.store().close(); // every store read now fails: a 500 whose message would name the store's path
        HttpResponse<Buffer> failed = await(client.get("/api/campaigns").send());

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.bodyAsJsonObject().getString("error")).isEqualTo("HTTP 500: the server failed; its log says why");
    }

    // ---- helpers ----

    private void publish(CampaignProgress progress) {
        vertx.eventBus().publish(CampaignProgress.ADDRESS, progress.toJson());
    }

    private JsonObject getJson(String uri) throws Exception {
        HttpResponse<Buffer> response = await(client.get(uri).send());
        assertThat(response.statusCode()).as(uri + ": " + response.bodyAsString()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        return response.bodyAsJsonObject();
    }

    /** Polls /api/status until {@code condition} holds (events are delivered asynchronously). */
    private JsonObject awaitStatus(java.util.function.Predicate<JsonObject> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonObject status = getJson("/api/status");
            if (condition.test(status)) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("status never matched: " + status.encodePrettily());
            }
            Thread.sleep(20);
        }
    }

    private static double value(List<PrometheusText.Sample> samples, String name, String label, String labelValue) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> label == null || labelValue.equals(sample.labels().get(label)))
                .mapToDouble(PrometheusText.Sample::value)
                .sum();
    }

    /** A GET with this Host header over a raw socket (a client could not send just any), and all it got back. */
    private static String rawGet(int port, String uri, String host) throws Exception {
        try (Socket socket = new Socket(HOST, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + uri + " HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** A server-sent-events client that keeps the raw text it received. */
    static final class EventClient {
        private final HttpClientAgent http;
        private final StringBuffer text = new StringBuffer();

        private EventClient(HttpClientAgent http) {
            this.http = http;
        }

        static EventClient open(Vertx vertx, int port) throws Exception {
            EventClient client = new EventClient(vertx.createHttpClient());
            HttpClientResponse response = await(client.http.request(new RequestOptions().setHost(HOST).setPort(port)
                    .setURI("/api/events")).compose(HttpClientRequest::send));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.getHeader("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
            response.handler(chunk -> client.text.append(chunk.toString()));
            return client;
        }

        String text() {
            return text.toString();
        }

        void awaitText(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text().contains(expected)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no '" + expected + "' in the stream: " + text());
                }
                Thread.sleep(10);
            }
        }

        /** The data of the progress events in a stream's text. */
        static List<JsonObject> progressEvents(String stream) {
            List<JsonObject> events = new ArrayList<>();
            Matcher event = Pattern.compile("event: progress\ndata: (.*)\n\n").matcher(stream);
            while (event.find()) {
                events.add(new JsonObject(event.group(1)));
            }
            return events;
        }

        void close() throws Exception {
            await(http.close());
        }
    }
}
