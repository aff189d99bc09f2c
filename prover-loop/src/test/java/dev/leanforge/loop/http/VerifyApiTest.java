package dev.leanforge.loop.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.verify.HeaderTrust;
import dev.leanforge.loop.verify.SnippetChecker;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kimina-compatible verification API over HTTP (the JDK's client), with the scripted Lean stand-in (a test
 * double: its verdicts are scripted, never Lean's) behind a warm pool.
 */
class VerifyApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "import Std\nopen Nat";

    static final String PROVED = HEADER + "\n\ntheorem two : 2 + 2 = 4 := by decide\n";
    static final String FAILED = HEADER + "\n\n/-- doc -/\ntheorem zero (n : Nat) :\n    n + 0 = n := by\n  simp\n";
    static final String SORRY = HEADER + "\n\ntheorem cheat : 1 = 2 := by\n  sorry\n";

    private static Path dir;
    private static LeanChecker pool;
    private static String standIn;
    private static StrictVertx vertx;
    private final List<String> deployed = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startPool() throws IOException {
        dir = Files.createTempDirectory("verify-api");
        Path rules = StandInRules.create()
                .rule(r -> r.match("by decide").axioms())
                .rule(r -> r.match("theorem slow").delayMs(4_000).axioms())
                .rule(r -> r.match("theorem hangs").hang())
                .rule(r -> r.match("\\bsimp\\b").error("unsolved goals\nn : Nat\n⊢ n + 0 = n", "simp").axioms())
                .otherwise(r -> r.error("unknown tactic"))
                .writeTo(dir);
        standIn = StandInCommand.forRules(rules);
        pool = startPool(1, 16, Duration.ofSeconds(60));
        vertx = StrictVertx.create();
    }

    private static LeanChecker startPool(int workers, int queue, Duration timeout) {
        LeanChecker started = LeanChecker.builder().server(ServerCommand.shell(standIn, dir))
                .pool(PoolConfig.builder().workers(workers).queueCapacity(queue)
                        .checkTimeout(timeout).timeoutGrace(Duration.ofSeconds(5)).build()).build();
        started.ready().join();
        return started;
    }

    @AfterAll
    static void stopPool() throws Exception {
        vertx.close();
        pool.close();
    }

    @AfterEach
    void undeploy() throws Exception {
        for (String id : deployed) {
            vertx.vertx().undeploy(id).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertThat(vertx.blockedThreads()).as("the event loop never waits").isEmpty();
    }

    private String serve(VerifyApiOptions options, LeanChecker on) throws Exception {
        VerifyApiVerticle api = new VerifyApiVerticle(options, new SnippetChecker(on, HeaderTrust.allowing(List.of(HEADER))));
        deployed.add(vertx.vertx().deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        return api.url();
    }

    private String serve(VerifyApiOptions options) throws Exception {
        return serve(options, pool);
    }

    private static VerifyApiOptions local() {
        return VerifyApiOptions.of("127.0.0.1", 0);
    }

    private HttpResponse<String> post(String url, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, Object body) throws Exception {
        return post(url, body, Map.of());
    }

    private static ObjectNode checkBody(Object... idsAndCodes) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode snippets = body.putArray("snippets");
        for (int i = 0; i < idsAndCodes.length; i += 2) {
            snippets.addObject().put("id", (String) idsAndCodes[i]).put("code", (String) idsAndCodes[i + 1]);
        }
        return body.put("timeout", 60).put("debug", false).put("reuse", true).putNull("infotree");
    }

    private static JsonNode results(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(response.body()).get("results");
    }

    /** kimina's client (ReplResponse) refuses a result with both or neither of error and response. */
    private static void exactlyOneOfErrorAndResponse(JsonNode result) {
        assertThat(result.hasNonNull("error")).as(result.toString()).isNotEqualTo(result.hasNonNull("response"));
    }

    private static List<String> severities(JsonNode response) {
        List<String> words = new ArrayList<>();
        response.get("messages").forEach(m -> words.add(m.get("severity").asText()));
        return words;
    }

    @Test
    void aBatchOfProvedFailedAndRejectedKeepsItsIdsAndOrderInKiminasShape() throws Exception {
        String url = serve(local());

        JsonNode results = results(post(url + "/api/check",
                checkBody("p-1", PROVED, "f-2", FAILED, "s-3", SORRY)));

        assertThat(results).hasSize(3);
        assertThat(results).extracting(r -> r.get("id").asText()).containsExactly("p-1", "f-2", "s-3");
        results.forEach(VerifyApiTest::exactlyOneOfErrorAndResponse);
        results.forEach(r -> assertThat(r.get("time").isNumber()).isTrue());

        JsonNode proved = results.get(0);
        assertThat(proved.get("response").get("env").asInt()).isZero();
        assertThat(proved.get("response").get("sorries")).isEmpty();
        assertThat(severities(proved.get("response"))).as("no error; neither our own #print axioms answer nor the "
                + "silent Goals accomplished! (the REPL prints neither): %s", proved).isEmpty();
        assertThat(proved.get("leanforge").get("status").asText()).isEqualTo("PROVED");
        assertThat(proved.get("leanforge").get("axioms")).isEmpty();
        assertThat(proved.get("leanforge").get("theorem").asText()).isEqualTo("two");
        assertThat(proved.get("leanforge").get("reason").isNull()).isTrue();

        JsonNode failed = results.get(1);
        JsonNode error = failed.get("response").get("messages").get(0);
        assertThat(error.get("severity").asText()).isEqualTo("error");
        assertThat(error.get("data").asText()).startsWith("unsolved goals");
        // `simp` is on line 7 of the snippet, column 2 (1-based lines, 0-based columns as the REPL counts).
        assertThat(error.get("pos").get("line").asInt()).isEqualTo(7);
        assertThat(error.get("pos").get("column").asInt()).isEqualTo(2);
        assertThat(error.get("endPos").get("line").asInt()).isEqualTo(7);
        assertThat(failed.get("leanforge").get("status").asText()).isEqualTo("FAILED");

        JsonNode rejected = results.get(2);
        assertThat(severities(rejected.get("response"))).containsExactly("error");
        JsonNode refusal = rejected.get("response").get("messages").get(0);
        assertThat(refusal.get("data").asText()).startsWith("leanforge: REJECTED").contains("sorry");
        assertThat(refusal.get("pos").get("line").asInt()).as("the line of `sorry`").isEqualTo(5);
        assertThat(rejected.get("leanforge").get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("leanforge").get("reason").asText()).contains("sorry");
    }

    @Test
    void theLegacyVerifyRouteAnswersCustomIdsWithTheTimeInsideTheResponse() throws Exception {
        String url = serve(local());
        ObjectNode body = JSON.createObjectNode();
        ArrayNode codes = body.putArray("codes");
        codes.addObject().put("custom_id", "a").put("proof", PROVED);
        codes.addObject().put("custom_id", 7).put("code", FAILED);
        body.put("timeout", 300).putNull("infotree_type").put("disable_cache", false);

        for (String route : List.of("/verify", "/one_pass_verify_batch")) {
            JsonNode results = results(post(url + route, body));

            assertThat(results).extracting(r -> r.get("custom_id").asText()).containsExactly("a", "7");
            assertThat(results.get(0).has("error")).isFalse();
            assertThat(results.get(0).get("response").get("time").isNumber()).isTrue();
            assertThat(results.get(0).get("response").get("messages").isArray()).isTrue();
            assertThat(results.get(0).get("leanforge").get("status").asText()).isEqualTo("PROVED");
            assertThat(severities(results.get(1).get("response"))).contains("error");
            assertThat(results.get(1).get("leanforge").get("status").asText()).isEqualTo("FAILED");
        }
    }

    @Test
    void snippetsThatAreNotATheoremUnderAnAllowedHeaderAreRefusedUnrun() throws Exception {
        String url = serve(local());

        JsonNode results = results(post(url + "/api/check", checkBody(
                "eval", "#eval IO.println \"hi\"\n",
                "header", "import Std\n#eval IO.println \"hi\"\n\ntheorem two : 2 + 2 = 4 := by decide\n",
                "statement", HEADER + "\n\ntheorem t : (by run_tac pure (); exact True) := by decide\n",
                "attribute", HEADER + "\n\n@[simp] theorem two : 2 + 2 = 4 := by decide\n",
                "comments", "-- only a comment\n\ntheorem two : 2 + 2 = 4 := by decide\n")));

        assertThat(results.get(0).get("error").asText()).startsWith("leanforge: REJECTED").contains("no theorem");
        assertThat(results.get(0).has("response")).isFalse();
        assertThat(results.get(1).get("error").asText()).contains("header");
        assertThat(results.get(1).get("leanforge").get("theorem").asText()).isEqualTo("two");
        assertThat(results.get(2).get("response").get("messages").get(0).get("data").asText())
                .contains("statement", "run_tac");
        assertThat(results.get(3).get("leanforge").get("reason").asText()).contains("docstring may come before");
        assertThat(results).extracting(r -> r.get("leanforge").get("status").asText())
                .containsExactly("REJECTED", "REJECTED", "REJECTED", "REJECTED", "PROVED");
        results.forEach(VerifyApiTest::exactlyOneOfErrorAndResponse);
    }

    @Test
    void malformedRequestsAre400AndBatchesOverTheLimit413() throws Exception {
        String url = serve(local().withMaxBatch(2));

        HttpResponse<String> tooMany = post(url + "/api/check", checkBody("a", PROVED, "b", PROVED, "c", PROVED));
        HttpResponse<String> notJson = post(url + "/api/check", "{\"snippets\": [");
        HttpResponse<String> duplicate = post(url + "/api/check", checkBody("a", PROVED, "a", FAILED));
        HttpResponse<String> noCode = post(url + "/verify", "{\"codes\": [{\"custom_id\": \"x\"}]}");
        HttpResponse<String> empty = post(url + "/verify", "");
        HttpResponse<String> badTimeout = post(url + "/api/check", checkBody("a", PROVED).put("timeout", -1));

        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooMany.body()).get("error").asText()).contains("at most 2 snippets");
        assertThat(JSON.readTree(tooMany.body()).get("detail").asText()).contains("at most 2 snippets");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("unique ids");
        assertThat(noCode.statusCode()).isEqualTo(400);
        assertThat(noCode.body()).contains("codes[0].proof");
        assertThat(badTimeout.statusCode()).isEqualTo(400);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(pool.metrics().pool().saturatedRejections()).as("nothing reached the pool").isZero();
    }

    @Test
    void aTokenIsRequiredWhenConfiguredAndHealthStaysOpen() throws Exception {
        String url = serve(local().withToken(java.util.Optional.of("s3cret")));

        HttpResponse<String> none = post(url + "/api/check", checkBody("a", PROVED));
        HttpResponse<String> wrong = post(url + "/api/check", checkBody("a", PROVED),
                Map.of("Authorization", "Bearer s3cre"));
        HttpResponse<String> right = post(url + "/api/check", checkBody("a", PROVED),
                Map.of("Authorization", "Bearer s3cret"));
        HttpResponse<String> raw = post(url + "/verify",
                "{\"codes\": [{\"custom_id\": \"a\", \"proof\": " + JSON.writeValueAsString(PROVED) + "}]}",
                Map.of("Authorization", "s3cret"));
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(results(right).get(0).get("leanforge").get("status").asText()).isEqualTo("PROVED");
        assertThat(results(raw).get(0).get("leanforge").get("status").asText()).as("kimina's raw key").isEqualTo("PROVED");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void aForeignHostIsRefusedBeforeAnythingElse() throws Exception {
        int port = URI.create(serve(local().withToken(java.util.Optional.of("s3cret")))).getPort();

        String refused = rawPost(port, "evil.example", "Bearer s3cret");
        String allowed = rawPost(port, "localhost:" + port, "Bearer s3cret");

        assertThat(refused).startsWith("HTTP/1.1 421 ");
        assertThat(allowed).startsWith("HTTP/1.1 200 ").contains("\"PROVED\"");
    }

    /** POST /api/check with this Host header (java.net.http would not send just any) and all that came back. */
    private static String rawPost(int port, String host, String authorization) throws IOException {
        byte[] body = checkBody("a", PROVED).toString().getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("POST /api/check HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: "
                    + authorization + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRequestedTimeoutIsCutToTheServersCap() throws Exception {
        try (LeanChecker capped = startPool(1, 4, Duration.ofSeconds(2))) {
            String url = serve(local(), capped);

            JsonNode result = results(post(url + "/api/check", checkBody("h", HEADER
                    + "\n\ntheorem hangs : True := by trivial\n").put("timeout", 600))).get(0);

            assertThat(result.get("leanforge").get("status").asText()).isEqualTo("TIMEOUT");
            assertThat(result.get("leanforge").get("reason").asText()).isEqualTo("no answer within 2000 ms");
            assertThat(result.get("error").asText()).contains("timed out");
            assertThat(result.has("response")).isFalse();
        }
    }

    @Test
    void aBatchTheQueueCannotHoldIsRefusedWith429AndNothingOfItRuns() throws Exception {
        try (LeanChecker small = startPool(1, 1, Duration.ofSeconds(60))) {
            String url = serve(local(), small);
            String slow = HEADER + "\n\ntheorem slow : True := by trivial\n";

            CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(
                            URI.create(url + "/api/check")).timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString(checkBody("s1", slow).toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (int i = 0; i < 1000 && small.metrics().pool().busyWorkers() == 0; i++) {
                Thread.sleep(10); // a safety net, not a timing assertion: wait until the first check runs
            }
            HttpResponse<String> second = post(url + "/api/check", checkBody("s2", slow, "s3", slow));

            assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(JSON.readTree(second.body()).get("error").asText()).contains("saturated");
            assertThat(results(first.get(120, TimeUnit.SECONDS)).get(0).get("leanforge").get("status").asText())
                    .isEqualTo("PROVED");
            // s2 was queued before the 429 and taken back: had it stayed, it would run before this one (FIFO).
            assertThat(results(post(url + "/api/check", checkBody("after", PROVED))).get(0).get("leanforge")
                    .get("status").asText()).isEqualTo("PROVED");
            assertThat(small.metrics().pool().checksCompleted()).as("s1 and the one after ran, s2 and s3 never")
                    .isEqualTo(2);
        }
    }
}
