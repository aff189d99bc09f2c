package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.testing.Corpus;
import dev.leanforge.trainer.testing.TinyModels;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The model commands end to end on a tiny model and a BPE tokenizer trained on the same few proofs. */
class ModelCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;
    private Path data;
    private Path config;
    private Path tokenizer;

    @BeforeEach
    void files() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String[] p : Corpus.PROOFS) {
            lines.add(JSON.writeValueAsString(Map.of("prompt", p[0], "completion", p[1])));
        }
        lines.add(2, "{\"prompt\": \"missing its completion\"}");
        data = Files.write(dir.resolve("data.jsonl"), lines);
        config = dir.resolve("config.json");
        TinyModels.TINY.write(config);
        StringBuilder corpus = new StringBuilder();
        for (String[] p : Corpus.PROOFS) {
            corpus.append(p[0]).append('\n').append(p[1]).append('\n');
        }
        Path corpusFile = Files.writeString(dir.resolve("corpus.txt"), corpus.toString().repeat(20));
        Path tokenizerDir = dir.resolve("tokenizer");
        assertThat(run("train", "tokenizer", "--corpus", corpusFile.toString(), "--vocab", "300", "--out",
                tokenizerDir.toString())).as(err.toString()).isZero();
        tokenizer = tokenizerDir.resolve("tokenizer.json");
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = LeanforgeCli.commandLine()
                .setOverwrittenOptionsAllowed(true); // the last of a repeated option wins, as in trainSft(extra)
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int trainSft(Path model, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "sft", "--data", data.toString(), "--out",
                model.toString(), "--config", config.toString(), "--tokenizer", tokenizer.toString(),
                "--max-steps", "80", "--batch-size", "8", "--lr", "1e-2", "--warmup", "5", "--save-every", "40",
                "--eval", data.toString(), "--eval-every", "40", "--device", "cpu", "--threads", "1"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private List<JsonNode> jsonLines() throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void trainsSamplesScoresAndResumes() throws IOException {
        Path model = dir.resolve("model");
        assertThat(trainSft(model)).as(err.toString()).isZero();
        assertThat(err.toString())
                .contains("data.jsonl: skipped 1 bad line(s): 3")
                .contains("8 training examples, 8 held out")
                .contains("sft")
                .contains("tok/s")
                .contains("step 40: eval_loss")
                .contains("saved " + model.resolve("checkpoint-40"));
        assertThat(out.toString()).contains("trained 80 steps; wrote " + model);
        assertThat(model.resolve("config.json")).exists();
        assertThat(model.resolve("model.safetensors")).exists();
        assertThat(model.resolve("tokenizer.json")).hasSameTextualContentAs(tokenizer);

        assertThat(run("sample", "--model", model.toString(), "--prompt", "∀ n : ℕ, n ≤ n", "-n", "2",
                "--temperature", "0", "--json", "--device", "cpu", "--threads", "1")).as(err.toString()).isZero();
        List<JsonNode> samples = jsonLines();
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).get("text").asText()).isEqualTo("fun n => le_refl n");
        assertThat(samples.get(0).get("finish").asText()).isEqualTo("end");
        assertThat(samples.get(1).get("index").asInt()).isEqualTo(1);

        assertThat(run("score", "--model", model.toString(), "--data", data.toString(), "--device", "cpu",
                "--threads", "1")).as(err.toString()).isZero();
        List<JsonNode> scores = jsonLines();
        assertThat(scores).extracting(n -> n.get("record").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        int proofTokens = BpeTokenizer.load(tokenizer).encode("by norm_num").length;
        assertThat(scores.get(0).get("tokens").asInt()).isEqualTo(proofTokens + 1);
        assertThat(scores).allSatisfy(n -> assertThat(n.get("logprob").asDouble()).isNegative());
        assertThat(err.toString()).contains("data.jsonl: skipped 1 bad line(s): 3");

        assertThat(trainSft(model, "--resume")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("resuming from " + model.resolve("checkpoint-40"))
                .contains("resuming at step 41 of 80");
        assertThat(out.toString()).contains("trained 80 steps");
    }

    @Test
    void dpoComputesAndCachesTheReferenceThenTrains() throws IOException {
        Path init = dir.resolve("init");
        assertThat(trainSft(init, "--max-steps", "2", "--save-every", "0")).as(err.toString()).isZero();
        List<String> pairs = new ArrayList<>();
        for (String[] p : Corpus.PROOFS) {
            pairs.add(JSON.writeValueAsString(Map.of("prompt", p[0], "chosen", p[1], "rejected", "sorry")));
        }
        Path pairFile = Files.write(dir.resolve("pairs.jsonl"), pairs);
        Path policy = dir.resolve("policy");
        String[] args = {"train", "dpo", "--data", pairFile.toString(), "--init", init.toString(), "--out",
            policy.toString(), "--max-steps", "3", "--batch-size", "4", "--lr", "1e-3", "--warmup", "0",
            "--device", "cpu", "--threads", "1"};
        assertThat(run(args)).as(err.toString()).isZero();
        assertThat(err.toString()).contains("computing reference log-probabilities of 8 pairs")
                .contains("8 preference pairs").contains("accuracy");
        assertThat(out.toString()).contains("trained 3 steps");
        try (var cached = Files.list(policy.resolve("reference-logprobs"))) {
            assertThat(cached.toList()).hasSize(1);
        }
        assertThat(run(args)).as(err.toString()).isZero();
        assertThat(err.toString()).contains("reference log-probabilities from");
    }

    @Test
    void badInputIsAUsageErrorWithTheReason() throws IOException {
        assertThat(run("train", "sft", "--data", data.toString(), "--out", dir.resolve("m").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("a fresh model needs --tokenizer FILE");

        assertThat(run("train", "sft", "--data", dir.resolve("nope.jsonl").toString(), "--out", "m")).isEqualTo(2);
        assertThat(err.toString()).contains("--data: file not found or not readable");

        assertThat(trainSft(dir.resolve("m"), "--on-bad-line", "reject")).isEqualTo(2);
        assertThat(err.toString()).contains("data.jsonl:3: missing field \"completion\"");

        assertThat(trainSft(dir.resolve("m"), "--init", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a model directory");

        assertThat(run("sample", "--model", dir.toString(), "--prompt", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a model directory");

        assertThat(run("train", "sft", "--data", data.toString(), "--out", dir.resolve("m2").toString(), "--resume"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no checkpoint-<step>/");
    }

    @Test
    void benchmarksRunAndReportTokensPerSecond() {
        assertThat(run("bench", "train", "--steps", "1", "--rounds", "1", "--warmup", "0", "--device", "cpu", "--threads", "1"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("503,296 parameters").contains("batch 32").contains("tokens/s")
                .contains("environment: ").contains("matrix products alone");
        assertThat(run("bench", "sample", "--new-tokens", "4", "--rounds", "1", "--device", "cpu", "--threads", "1"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("tokens/s with the KV cache");
        assertThat(run("bench")).isEqualTo(2);
    }
}
