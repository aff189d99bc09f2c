package dev.leanforge.loop.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.cli.LeanforgeCli;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.Policy.SamplingParams;
import dev.leanforge.loop.policy.PolicyKinds;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code model:DIR}, {@code leanforge sample} and {@code leanforge score} on a tiny random Qwen2-architecture
 * Hugging Face directory (with one of our tokenizer.json files, which Hugging Face's library reads).
 */
class HfModelPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path hf;

    @BeforeAll
    static void checkpoint() throws IOException {
        Compute.configureThreads(1, 0);
        Path ours = TinyCheckpoint.write(tmp.resolve("gpt"));
        hf = TinyHfCheckpoint.qwen2(tmp.resolve("hf"), ours.resolve("tokenizer.json"));
    }

    @Test
    void theModelPolicyOpensAHuggingFaceDirectory() {
        try (Policy policy = PolicyKinds.prepare("model:" + hf).open().get()) {
            SamplingParams params = new SamplingParams(3, 1.0, 1.0, 0, 8, List.of(), 5);
            List<Completion> first = policy.complete("theorem t : 1 = 1 :=", params);
            assertThat(first).hasSize(3).allSatisfy(c -> assertThat(c.logProb()).isFinite().isNegative());
            assertThat(policy.complete("theorem t : 1 = 1 :=", params)).isEqualTo(first);
        }
    }

    @Test
    void prepareNamesWhatAHuggingFaceDirectoryLacks() throws IOException {
        Path partial = Files.createDirectories(tmp.resolve("partial"));
        Files.copy(hf.resolve("config.json"), partial.resolve("config.json"));
        assertThatThrownBy(() -> PolicyKinds.prepare("model:" + partial))
                .hasMessageContaining("Hugging Face model directory without model.safetensors");
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = LeanforgeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void sampleAndScoreAcceptAHuggingFaceDirectory() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "sample", "--model", hf.toString(), "--prompt", "theorem t : 1 = 1 :=", "-n", "2",
                "--max-tokens", "6", "--json", "--device", "cpu", "--threads", "1")).as(err.toString()).isZero();
        List<JsonNode> samples = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            if (!line.isBlank()) {
                samples.add(JSON.readTree(line));
            }
        }
        assertThat(samples).hasSize(2);
        assertThat(samples).allSatisfy(n -> assertThat(n.get("logprob").asDouble()).isNegative());

        Path data = tmp.resolve("data.jsonl");
        Files.writeString(data, "{\"prompt\": \"theorem t : 1 = 1 :=\", \"completion\": \" by rfl\\n```\"}\n"
                + "{\"prompt\": \"theorem u : 2 = 2 :=\", \"completion\": \" by decide\"}\n");
        out = new StringWriter();
        assertThat(run(out, err, "score", "--model", hf.toString(), "--data", data.toString(), "--device", "cpu",
                "--threads", "1")).as(err.toString()).isZero();
        List<JsonNode> scores = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            if (!line.isBlank()) {
                scores.add(JSON.readTree(line));
            }
        }
        assertThat(scores).extracting(n -> n.get("record").asInt()).containsExactly(0, 1);
        int tokens = BpeTokenizer.load(hf.resolve("tokenizer.json")).encode(" by decide").length;
        assertThat(scores.get(1).get("tokens").asInt()).isEqualTo(tokens + 1); // the completion and the end id
        assertThat(scores).allSatisfy(n -> assertThat(n.get("logprob").asDouble()).isNegative());
    }
}
