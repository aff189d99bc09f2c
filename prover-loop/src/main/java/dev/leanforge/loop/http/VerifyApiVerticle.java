package dev.leanforge.loop.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.pool.PoolMetrics;
import dev.leanforge.bridge.pool.PoolSaturatedException;
import dev.leanforge.loop.verify.KiminaJson;
import dev.leanforge.loop.verify.SnippetChecker;
import dev.leanforge.loop.verify.SnippetResult;
import dev.leanforge.loop.verify.VerifyRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proof-checking API of {@code leanforge verify-server}, compatible with kimina-lean-server:
 * {@code POST /api/check} ({@code {"snippets": [{"id", "code"}], "timeout", …}} → {@code {"results": [...]}}),
 * the legacy {@code POST /verify} and {@code POST /one_pass_verify_batch} ({@code {"codes": [{"custom_id",
 * "proof"}], "timeout", …}} → {@code {"results": [...]}}) and {@code GET /health}. Shapes, limits and the trust
 * model are in docs/verify-api.md.
 *
 * <p>Each snippet is checked by a {@link SnippetChecker} on its warm pool. Parsing and scanning run on a worker
 * thread; the pool's futures complete on its own threads and the answer is written back on this verticle's event
 * loop, which never waits. A batch is admitted whole or not at all: when the pool's queue cannot take all of it the
 * answer is 429 with {@code Retry-After}, and nothing of it runs. While a batch is checked a space is written every
 * heartbeat, so connections stay open past the idle timeout (JSON allows leading whitespace). A client that closes
 * its connection cancels what is still queued of its batch.
 */
public final class VerifyApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyApiVerticle.class);
    private static final String JSON = "application/json; charset=utf-8";

    private enum Route { CHECK, VERIFY }

    private final VerifyApiOptions options;
    private final SnippetChecker checker;
    private final byte[] tokenDigest;
    private RequestDeadlines deadlines;
    private HttpServer server;
    private volatile int actualPort = -1;

    public VerifyApiVerticle(VerifyApiOptions options, SnippetChecker checker) {
        this.options = options;
        this.checker = checker;
        this.tokenDigest = options.token().map(VerifyApiVerticle::digest).orElse(null);
    }

    /** The port the server listens on, once started (useful with port 0). */
    public int actualPort() {
        if (actualPort < 0) {
            throw new IllegalStateException("the verification API is not listening yet");
        }
        return actualPort;
    }

    /** The server's base address, once started, e.g. {@code http://127.0.0.1:8000}. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + actualPort();
    }

    @Override
    public Future<?> start() {
        deadlines = new RequestDeadlines(vertx, options.requestTimeout());
        return vertx.createHttpServer(new HttpServerOptions()
                        .setIdleTimeout(Math.toIntExact(options.idleTimeout().toMillis()))
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                        .setHttp2ClearTextEnabled(false))
                .connectionHandler(deadlines::opened)
                .requestHandler(router())
                .listen(options.port(), options.host())
                .onSuccess(listening -> {
                    server = listening;
                    actualPort = listening.actualPort();
                });
    }

    @Override
    public Future<?> stop() {
        if (deadlines != null) {
            deadlines.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(deadlines::requestArrived);
        router.route().handler(AllowedHosts.of(options.host(), options.allowedHosts()).handler());
        router.get("/health").handler(this::health);
        router.route().handler(this::authorize);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(options.maxBodyBytes());
        for (String path : List.of("/api/check", "/api/check/")) {
            router.post(path).handler(body).handler(context -> check(context, Route.CHECK));
        }
        for (String path : List.of("/verify", "/one_pass_verify_batch")) {
            router.post(path).handler(body).handler(context -> check(context, Route.VERIFY));
        }
        router.route().handler(context -> context.fail(new HttpException(404, "no such route: "
                + context.request().method() + " " + context.request().path()
                + "; this server answers POST /api/check, POST /verify and GET /health")));
        router.route().failureHandler(this::failure);
        return router;
    }

    private void health(RoutingContext context) {
        PoolMetrics metrics = checker.lean().metrics().pool();
        ObjectNode node = ApiJson.MAPPER.createObjectNode()
                .put("status", "ok")
                .put("liveWorkers", metrics.liveWorkers())
                .put("busyWorkers", metrics.busyWorkers())
                .put("queueDepth", metrics.queueDepth())
                .put("queueCapacity", checker.lean().poolConfig().queueCapacity())
                .put("maxBatch", options.maxBatch())
                .put("timeoutCapSeconds", checker.timeoutCap().toMillis() / 1000.0)
                .put("trustsAllHeaders", checker.trust().trustsAll())
                .put("allowedHeaders", checker.trust().allowedCount());
        send(context.response(), node.toString());
    }

    /** Constant-time comparison of SHA-256 digests, so neither the token's bytes nor its length leak by timing. */
    private void authorize(RoutingContext context) {
        if (tokenDigest == null) {
            context.next();
            return;
        }
        String header = context.request().getHeader("Authorization");
        String presented = header == null ? "" : header.strip();
        if (presented.length() >= 7 && presented.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            presented = presented.substring(7).strip();
        }
        if (header != null && MessageDigest.isEqual(tokenDigest, digest(presented))) {
            context.next();
        } else {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            context.fail(new HttpException(401, header == null ? "missing API key: send Authorization: Bearer TOKEN"
                    : "invalid API key"));
        }
    }

    /** Admission, off the event loop: the body read, its size checked, every snippet scanned and submitted. */
    private record Admitted(List<CompletableFuture<SnippetResult>> results) {}

    private void check(RoutingContext context, Route route) {
        String body = context.body().asString();
        String text = body == null ? "" : body;
        vertx.executeBlocking(() -> admit(text, route), false).onComplete(admitted -> {
            if (admitted.failed()) {
                Throwable cause = admitted.cause();
                if (cause instanceof PoolSaturatedException saturated) {
                    context.response().putHeader("Retry-After", "1");
                    context.fail(new HttpException(429, "the checker is saturated (" + saturated.getMessage()
                            + "); nothing of this batch was run: retry later, or send smaller batches"));
                } else {
                    context.fail(cause);
                }
                return;
            }
            answer(context, route, admitted.result().results());
        });
    }

    private Admitted admit(String body, Route route) {
        VerifyRequest request;
        try {
            request = route == Route.CHECK ? VerifyRequest.check(body) : VerifyRequest.verify(body);
        } catch (VerifyRequest.Invalid e) {
            throw new HttpException(400, e.getMessage());
        }
        int size = request.snippets().size();
        if (size > options.maxBatch()) {
            throw new HttpException(413, "a request holds at most " + options.maxBatch() + " snippets, this one "
                    + size + ": split it into smaller batches");
        }
        Duration asked = request.timeout()
                .orElse(route == Route.CHECK ? VerifyRequest.CHECK_DEFAULT_TIMEOUT : VerifyRequest.VERIFY_DEFAULT_TIMEOUT);
        Duration timeout = asked.compareTo(checker.timeoutCap()) < 0 ? asked : checker.timeoutCap();
        return new Admitted(checker.submit(request.snippets(), timeout));
    }

    private void answer(RoutingContext context, Route route, List<CompletableFuture<SnippetResult>> results) {
        HttpServerResponse response = context.response();
        response.closeHandler(closed -> SnippetChecker.cancel(results));
        long heartbeat = vertx.setPeriodic(options.heartbeat().toMillis(), id -> {
            if (response.closed() || response.ended()) {
                return;
            }
            if (!response.headWritten()) {
                response.setChunked(true).putHeader("Content-Type", JSON);
            }
            response.write(" ");
        });
        CompletableFuture<Void> all = CompletableFuture.allOf(results.toArray(CompletableFuture[]::new));
        Future.fromCompletionStage(all, vertx.getOrCreateContext()).onComplete(done -> {
            vertx.cancelTimer(heartbeat);
            if (response.closed() || response.ended()) {
                return;
            }
            if (done.failed()) {
                LOG.error("a batch failed", done.cause());
                if (response.headWritten()) {
                    response.reset();
                } else {
                    context.fail(done.cause());
                }
                return;
            }
            Function<SnippetResult, ObjectNode> shape =
                    route == Route.CHECK ? KiminaJson::checkResult : KiminaJson::verifyResult;
            ObjectNode node = ApiJson.MAPPER.createObjectNode();
            ArrayNode array = node.putArray("results");
            results.forEach(f -> array.add(shape.apply(f.join())));
            send(response, node.toString());
        });
    }

    private static void send(HttpServerResponse response, String json) {
        if (!response.headWritten()) {
            response.putHeader("Content-Type", JSON);
        }
        response.end(json);
    }

    private void failure(RoutingContext context) {
        Throwable failure = context.failure();
        int status = failure instanceof HttpException http ? http.getStatusCode()
                : context.statusCode() > 0 ? context.statusCode() : 500;
        String message = failure instanceof HttpException http ? http.getPayload()
                : status == 413 ? "the request body is larger than " + options.maxBodyBytes() + " bytes"
                : status >= 500 ? "HTTP " + status + ": the server failed; its log says why" : "HTTP " + status;
        if (status >= 500) {
            LOG.error("{} {} failed", context.request().method(), context.request().path(), failure);
        }
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        // kimina's server (FastAPI) answers errors as {"detail": …}; leanforge's API as {"error": …}: both.
        response.setStatusCode(status);
        send(response, ApiJson.MAPPER.createObjectNode().put("error", message).put("detail", message).toString());
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
