package dev.leanforge.loop.policy.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.Policy.SamplingParams;
import dev.leanforge.loop.policy.PolicyKind;
import dev.leanforge.loop.policy.PolicySettings;
import dev.leanforge.loop.policy.openai.FakeCompletionsServer.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code openai:URL} against a fake completions server: what is sent, what is read back, retries and errors. */
class OpenAiPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SamplingParams FOUR = new SamplingParams(4, 0.7, 0.95, 0, 256, List.of("\n\n"), 42);

    private FakeCompletionsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static OpenAiOptions options() {
        return OpenAiOptions.DEFAULTS.withModel("prover-7b");
    }

    private Policy open(OpenAiOptions options) {
        return open(options, Map.of());
    }

    private Policy open(OpenAiOptions options, Map<String, String> environment) {
        PolicyKind.Opening opening = new OpenAiPolicyKind(environment::get)
                .prepare(server.url(), new PolicySettings(options));
        return opening.open().get();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sendsTheTemplatedPromptWithTheCallsSamplingSettingsAndBothStopLists() {
        server = FakeCompletionsServer.start(request -> Answer.texts("by simp", "by omega", "by decide", "by rfl"));
        OpenAiOptions options = new OpenAiOptions(Optional.of("prover-7b"),
                new PromptTemplate("Complete the Lean 4 code:\n```lean4\n{prompt}"), List.of("```"),
                Optional.of("PROVER_KEY"), Duration.ofSeconds(10), 0, true, 0);

        List<Completion> completions = open(options, Map.of("PROVER_KEY", "sk-test-123"))
                .complete("theorem t : 1 = 1 :=", FOUR);

        assertThat(completions).extracting(Completion::text)
                .containsExactly("by simp", "by omega", "by decide", "by rfl");
        assertThat(server.received()).singleElement().satisfies(request -> {
            assertThat(request.body()).isEqualTo(json("""
                    {"model": "prover-7b", "prompt": "Complete the Lean 4 code:\\n```lean4\\ntheorem t : 1 = 1 :=",
                     "n": 4, "temperature": 0.7, "top_p": 0.95, "max_tokens": 256, "stop": ["\\n\\n", "```"],
                     "seed": 42, "logprobs": 1}
                    """));
            assertThat(request.authorization()).contains("Bearer sk-test-123");
        });
    }

    @Test
    void sendsTopKOnlyWhenLimitedAndNoStopOrLogprobsFieldsWhenThereAreNone() {
        server = FakeCompletionsServer.start(request -> Answer.texts("by simp"));
        OpenAiOptions noLogprobs = new OpenAiOptions(Optional.of("m"), PromptTemplate.PLAIN, List.of(),
                Optional.empty(), Duration.ofSeconds(10), 0, false, 0);

        open(noLogprobs).complete("p", new SamplingParams(1, 0, 1, 20, 64, List.of(), 7));

        JsonNode body = server.received().get(0).body();
        assertThat(body.get("top_k").asInt()).isEqualTo(20);
        assertThat(body.get("prompt").asText()).isEqualTo("p");
        assertThat(body.has("stop")).isFalse();
        assertThat(body.has("logprobs")).isFalse();
        assertThat(server.received().get(0).authorization()).isEmpty();
    }

    @Test
    void sumsTokenLogProbsInEitherFormatInChoiceOrderAndGivesNaNWithoutThem() {
        server = FakeCompletionsServer.start(request -> Answer.json(json("""
                {"choices": [
                  {"index": 2, "text": "by rfl", "logprobs": null, "finish_reason": "stop"},
                  {"index": 0, "text": "by simp", "finish_reason": "stop",
                   "logprobs": {"tokens": [" by", " simp"], "token_logprobs": [-0.5, -0.25], "text_offset": [0, 3]}},
                  {"index": 3, "text": "by omega", "finish_reason": "length",
                   "logprobs": {"token_logprobs": [-1.0, null]}},
                  {"index": 1, "text": "by decide", "finish_reason": "stop",
                   "logprobs": {"content": [{"token": " by", "logprob": -1.5}, {"token": " decide", "logprob": -2.0}]}}
                ]}
                """)));

        List<Completion> completions = open(options()).complete("p", FOUR);

        assertThat(completions).extracting(Completion::text).containsExactly("by simp", "by decide", "by rfl",
                "by omega");
        assertThat(completions).extracting(Completion::logProb).containsExactly(-0.75, -3.5, Double.NaN, Double.NaN);
    }

    @Test
    void moreSamplesThanMaxNGoInSeveralRequestsWithDistinctNonNegativeSeeds() {
        server = FakeCompletionsServer.start(request -> {
            int n = request.body().get("n").asInt();
            long seed = request.body().get("seed").asLong();
            String[] texts = new String[n];
            for (int i = 0; i < n; i++) {
                texts[i] = "proof " + seed + "." + i;
            }
            return Answer.texts(texts);
        });
        OpenAiOptions maxTwo = new OpenAiOptions(Optional.of("m"), PromptTemplate.PLAIN, List.of(), Optional.empty(),
                Duration.ofSeconds(10), 0, true, 2);

        List<Completion> completions = open(maxTwo).complete("p", new SamplingParams(5, 1, 1, 0, 64, List.of(), 100));
        open(maxTwo).complete("p", new SamplingParams(1, 1, 1, 0, 64, List.of(), -1));

        assertThat(server.received()).extracting(r -> r.body().get("n").asInt()).containsExactly(2, 2, 1, 1);
        assertThat(completions).extracting(Completion::text)
                .containsExactly("proof 100.0", "proof 100.1", "proof 102.0", "proof 102.1", "proof 104.0");
        assertThat(server.received().get(3).body().get("seed").asLong()).as("the low 31 bits of -1")
                .isEqualTo(2_147_483_647L);
    }

    @Test
    void fewerChoicesThanAskedForSaysToAskForOneAtATime() {
        server = FakeCompletionsServer.start(request -> Answer.texts("by simp"));

        assertThatThrownBy(() -> open(options()).complete("p", FOUR))
                .isInstanceOf(OpenAiException.class)
                .hasMessage("POST " + server.url() + "/v1/completions answered 1 choices for n=4; a server that "
                        + "answers one completion per request (llama.cpp's does) needs openai-max-n 1");
    }

    @Test
    void retriesAfter503And429ThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        server = FakeCompletionsServer.start(request -> switch (calls.getAndIncrement()) {
            case 0 -> Answer.status(503, "{\"error\": \"model loading\"}");           // backs off 0.5 s
            case 1 -> new Answer(429, "slow down", Map.of("Retry-After", "0"));   // as the server says
            default -> Answer.texts("by simp", "by simp", "by simp", "by simp");
        });

        List<Completion> completions = open(options()).complete("p", FOUR);

        assertThat(completions).hasSize(4);
        assertThat(server.received()).hasSize(3).extracting(FakeCompletionsServer.Received::body).containsOnly(
                server.received().get(0).body());
    }

    @Test
    void aClientErrorFailsAtOnceWithTheUrlStatusAndBody() {
        server = FakeCompletionsServer.start(request -> Answer.status(400, """
                {"object": "error", "message": "This model's maximum context length is 4096 tokens.",
                 "type": "BadRequestError", "code": 400}"""));

        assertThatThrownBy(() -> open(options()).complete("p", FOUR))
                .isInstanceOf(OpenAiException.class)
                .hasMessage("POST " + server.url() + "/v1/completions answered 400: {\"object\": \"error\", "
                        + "\"message\": \"This model's maximum context length is 4096 tokens.\", \"type\": "
                        + "\"BadRequestError\", \"code\": 400}");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void serverErrorsAndUnreachableServersFailAfterTheRetries() throws IOException {
        server = FakeCompletionsServer.start(request -> Answer.status(500, ""));
        OpenAiOptions oneRetry = new OpenAiOptions(Optional.of("m"), PromptTemplate.PLAIN, List.of(), Optional.empty(),
                Duration.ofSeconds(10), 1, true, 0);

        assertThatThrownBy(() -> open(oneRetry).complete("p", FOUR))
                .hasMessage("POST " + server.url() + "/v1/completions answered 500: (empty body) (2 tries; "
                        + "openai-retries 1)");
        assertThat(server.received()).hasSize(2);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Policy unreachable = new OpenAiPolicyKind(name -> null).prepare("http://127.0.0.1:" + closedPort,
                new PolicySettings(new OpenAiOptions(Optional.of("m"), PromptTemplate.PLAIN, List.of(),
                        Optional.empty(), Duration.ofSeconds(10), 0, true, 0))).open().get();
        assertThatThrownBy(() -> unreachable.complete("p", FOUR))
                .isInstanceOf(OpenAiException.class)
                .hasMessageStartingWith("POST http://127.0.0.1:" + closedPort + "/v1/completions could not be "
                        + "reached: java.net.ConnectException")
                .hasMessageEndingWith("(1 try; openai-retries 0)");
    }

    @Test
    void anAnswerSlowerThanTheTimeoutFailsWithoutRetrying() {
        server = FakeCompletionsServer.start(request -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is closing
            }
            return Answer.texts("too late");
        });
        OpenAiOptions quick = new OpenAiOptions(Optional.of("m"), PromptTemplate.PLAIN, List.of(), Optional.empty(),
                Duration.ofMillis(300), 3, true, 0);

        // Retried, it would end in "(4 tries; openai-retries 3)". (Counting the requests the server received would
        // race with the client: a loaded server may read a request after the client gave up on it.)
        assertThatThrownBy(() -> open(quick).complete("p", FOUR))
                .isInstanceOf(OpenAiException.class)
                .hasMessage("POST " + server.url() + "/v1/completions did not answer within 0.3 s (openai-timeout)");
    }

    @Test
    void anAnswerThatIsNotACompletionsResponseIsNamed() {
        server = FakeCompletionsServer.start(request -> new Answer(200, "<html>proxy login</html>", Map.of()));

        assertThatThrownBy(() -> open(options()).complete("p", FOUR))
                .isInstanceOf(OpenAiException.class)
                .hasMessageStartingWith("POST " + server.url() + "/v1/completions answered 200 with something other "
                        + "than a completions response")
                .hasMessageEndingWith(": <html>proxy login</html>");
    }
}
