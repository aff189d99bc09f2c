package dev.leanforge.loop.policy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for an OpenAI-compatible completions server (vLLM, SGLang, llama.cpp) in tests: it records every
 * request to {@code /v1/completions} and answers what the test's function says. Built on the JDK's HTTP server.
 */
public final class FakeCompletionsServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as received: the {@code Authorization} header (if any) and the JSON body. */
    public record Received(Optional<String> authorization, JsonNode body) {
        public String prompt() {
            return body.path("prompt").asText();
        }
    }

    /** What the server answers. */
    public record Answer(int status, String body, Map<String, String> headers) {

        /** 200 with one choice per text, in order, without log-probs. */
        public static Answer texts(String... texts) {
            ObjectNode answer = JSON.createObjectNode().put("object", "text_completion").put("model", "fake");
            ArrayNode choices = answer.putArray("choices");
            for (int i = 0; i < texts.length; i++) {
                choices.addObject().put("index", i).put("text", texts[i]).putNull("logprobs")
                        .put("finish_reason", "stop");
            }
            return json(answer);
        }

        public static Answer json(JsonNode body) {
            return new Answer(200, body.toString(), Map.of());
        }

        public static Answer status(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new ArrayList<>();

    private FakeCompletionsServer(Function<Received, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads); // a test may hold one answer back while others go on
        server.createContext("/v1/completions", exchange -> answer(exchange, answers));
        server.start();
    }

    /** Listens on a free loopback port; {@code answers} is called for every request, on the server's threads. */
    public static FakeCompletionsServer start(Function<Received, Answer> answers) {
        try {
            return new FakeCompletionsServer(answers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's URL, without {@code /v1}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests so far, oldest first. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    private void answer(HttpExchange exchange, Function<Received, Answer> answers) throws IOException {
        try (exchange) {
            Received request = new Received(
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
                    JSON.readTree(exchange.getRequestBody()));
            synchronized (this) {
                received.add(request);
            }
            Answer answer = answers.apply(request);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
