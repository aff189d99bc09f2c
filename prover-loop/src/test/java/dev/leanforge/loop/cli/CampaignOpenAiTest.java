package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.policy.openai.FakeCompletionsServer;
import dev.leanforge.loop.policy.openai.FakeCompletionsServer.Answer;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.store.Store;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code campaign run --policy openai:URL} end to end: a fake completions server as the policy, the scripted Lean
 * stand-in (a test double) as Lean.
 */
class CampaignOpenAiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<StrictVertx> instances = new ArrayList<>();
    private FakeCompletionsServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        CampaignRunCommandTest.assertNoBlockedThreads(instances);
    }

    /** {@code n} choices of {@code text}, each with token log-probs -0.25 and -0.5, as vLLM answers. */
    static Answer choices(int n, String text) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode choices = answer.putArray("choices");
        for (int i = 0; i < n; i++) {
            ObjectNode choice = choices.addObject().put("index", i).put("text", text).put("finish_reason", "stop");
            choice.putObject("logprobs").putArray("token_logprobs").add(-0.25).add(-0.5);
        }
        return Answer.json(answer);
    }

    /** Proves t_two with {@code by decide}, which the stand-in accepts; anything else gets {@code by simp}. */
    static Answer prover(FakeCompletionsServer.Received request) {
        int n = request.body().get("n").asInt();
        return choices(n, request.prompt().contains("theorem t_two ") ? "by decide" : "by simp");
    }

    static List<String> args(Path tmp, String serverUrl) {
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>(Map.of("t_two", ": 2 + 2 = 4",
                "t_hard", ": 1 = 2")));
        Path standIn = StandInRules.create().rule(r -> r.match("by decide").axioms()).writeTo(tmp);
        return List.of("--set", "tiny", "--theorems-dir", tmp.resolve("theorems").toString(),
                "--policy", "openai:" + serverUrl + "/v1", "--openai-model", "prover-7b",
                "--openai-prompt-template", "-- Complete the proof.\n{prompt}", "--stop", "\n\n", "--samples", "2",
                "--store", tmp.resolve("s.db").toString(), "--server-cmd", StandInCommand.forRules(standIn),
                "--project-dir", tmp.toString(), "--lean-version", "stand-in (test double)",
                "--workers", "1", "--in-flight", "2", "--progress", "false", "--json");
    }

    @Test
    void aCampaignAgainstACompletionsServerRecordsTheProofTheStandInAcceptsWithItsLogProb() throws Exception {
        server = FakeCompletionsServer.start(CampaignOpenAiTest::prover);

        int code = CampaignRunCommandTest.run(instances, out, err, args(tmp, server.url()));

        assertThat(code).as(err.toString()).isZero();
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.get("policy").asText()).matches("openai:" + server.url()
                + "/v1/completions model=prover-7b template=[0-9a-f]{12}");
        assertThat(summary.get("solved").asInt()).isEqualTo(1);
        assertThat(summary.get("attempts").asInt()).as("t_two at its first sample, t_hard twice").isEqualTo(3);
        assertThat(server.received()).hasSize(2).allSatisfy(request -> {
            assertThat(request.prompt()).startsWith("-- Complete the proof.\n" + TinySets.HEADER + "\n\ntheorem t_");
            assertThat(request.body().get("model").asText()).isEqualTo("prover-7b");
            assertThat(request.body().get("n").asInt()).isEqualTo(2);
            assertThat(request.body().get("stop")).containsExactly(JSON.getNodeFactory().textNode("\n\n"));
        });
        try (Store store = Store.open(tmp.resolve("s.db"))) {
            assertThat(store.proofs()).singleElement().satisfies(proof -> {
                assertThat(proof.proof().theorem()).isEqualTo("t_two");
                assertThat(proof.proof().proof()).isEqualTo("by decide");
            });
            assertThat(store.attempts(1)).extracting(StoredAttempt::attempt)
                    .allSatisfy(attempt -> assertThat(attempt.policyLogProb()).hasValue(-0.75));
        }
    }

    @Test
    void aServerErrorStopsTheCampaignWithExitOneAndTheServersMessage() {
        server = FakeCompletionsServer.start(request -> Answer.status(400,
                "{\"object\": \"error\", \"message\": \"The model `prover-7b` does not exist.\"}"));

        assertThat(CampaignRunCommandTest.run(instances, out, err, args(tmp, server.url()))).isEqualTo(1);
        assertThat(err.toString()).contains("the campaign stopped: ", "POST " + server.url() + "/v1/completions "
                + "answered 400: {\"object\": \"error\", \"message\": \"The model `prover-7b` does not exist.\"}");
    }

    @Test
    void anOpenAiPolicyWithoutAModelExitsTwoBeforeAnythingRuns() {
        server = FakeCompletionsServer.start(CampaignOpenAiTest::prover);
        List<String> args = new ArrayList<>(args(tmp, server.url()));
        int model = args.indexOf("--openai-model");
        args.subList(model, model + 2).clear();

        assertThat(CampaignRunCommandTest.run(instances, out, err, args)).isEqualTo(2);
        assertThat(err.toString()).contains("openai:" + server.url() + "/v1 needs the name of the model the server "
                + "serves: give --openai-model NAME");
        assertThat(server.received()).isEmpty();
    }
}
