package dev.leanforge.loop.policy.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.cli.LeanforgeCli;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.hf.PeftAdapter;
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

/** {@code train sft/dpo --lora}, {@code --dry-run}, {@code train merge} and {@code --adapter} on a tiny Qwen2. */
class LoraCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path hf;
    private static Path gpt;
    private static Path sft;
    private static Path dpo;

    @BeforeAll
    static void checkpoint() throws IOException {
        Compute.configureThreads(1, 0);
        gpt = TinyCheckpoint.write(tmp.resolve("gpt"));
        hf = TinyHfCheckpoint.qwen2(tmp.resolve("hf"), gpt.resolve("tokenizer.json"));
        sft = tmp.resolve("sft.jsonl");
        Files.writeString(sft, "{\"prompt\": \"theorem t : 1 = 1 :=\", \"completion\": \" by rfl\"}\n"
                + "{\"prompt\": \"theorem u : 2 = 2 :=\", \"completion\": \" by decide\"}\n");
        dpo = tmp.resolve("dpo.jsonl");
        Files.writeString(dpo, "{\"prompt\": \"theorem t : 1 = 1 :=\", \"chosen\": \" by rfl\", \"rejected\": "
                + "\" by simp\"}\n");
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = LeanforgeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static List<Double> scores(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, args)).as(err.toString()).isZero();
        List<Double> logProbs = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                logProbs.add(n.get("logprob").asDouble());
            }
        }
        return logProbs;
    }

    @Test
    void loraSftThenMergeScoresAsBasePlusAdapter() throws IOException {
        Path adapter = tmp.resolve("adapter");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "train", "sft", "--data", sft.toString(), "--init", hf.toString(), "--out",
                adapter.toString(), "--lora", "--lora-r", "4", "--lora-alpha", "8", "--lora-dropout", "0",
                "--lora-targets", "q_proj,v_proj,down_proj", "--max-steps", "3", "--batch-size", "2", "--lr", "0.05",
                "--warmup", "0", "--device", "cpu", "--threads", "1")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("trained 3 steps");
        assertThat(PeftAdapter.readConfig(adapter).targets()).containsExactly("q_proj", "v_proj", "down_proj");

        Path merged = tmp.resolve("merged");
        assertThat(run(out, err, "train", "merge", "--base", hf.toString(), "--adapter", adapter.toString(),
                "--out", merged.toString(), "--device", "cpu", "--threads", "1")).as(err.toString()).isZero();
        List<Double> base = scores("score", "--model", hf.toString(), "--data", sft.toString(), "--device", "cpu",
                "--threads", "1");
        List<Double> withAdapter = scores("score", "--model", hf.toString(), "--adapter", adapter.toString(),
                "--data", sft.toString(), "--device", "cpu", "--threads", "1");
        List<Double> fromMerged = scores("score", "--model", merged.toString(), "--data", sft.toString(),
                "--device", "cpu", "--threads", "1");
        assertThat(withAdapter).hasSize(2);
        // Training moved the adapter towards the data; merging changes nothing the adapter computes.
        assertThat(withAdapter.get(0) + withAdapter.get(1)).isGreaterThan(base.get(0) + base.get(1));
        for (int i = 0; i < 2; i++) {
            assertThat(fromMerged.get(i)).isCloseTo(withAdapter.get(i), org.assertj.core.data.Offset.offset(1e-4));
        }
        // The adapter alone names its base (base_model_name_or_path): --model ADAPTER and model:ADAPTER work.
        assertThat(scores("score", "--model", adapter.toString(), "--data", sft.toString(), "--device", "cpu",
                "--threads", "1")).isEqualTo(withAdapter);
        try (dev.leanforge.loop.policy.Policy policy =
                dev.leanforge.loop.policy.PolicyKinds.prepare("model:" + adapter).open().get()) {
            assertThat(policy.complete("theorem t : 1 = 1 :=",
                    new dev.leanforge.loop.policy.Policy.SamplingParams(2, 1.0, 1.0, 0, 4, List.of(), 5))).hasSize(2);
        }
    }

    @Test
    void aDryRunPrintsParametersAndMemoryAndTrainsNothing() {
        Path out = tmp.resolve("dry");
        StringWriter stdout = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(stdout, err, "train", "dpo", "--data", dpo.toString(), "--init", hf.toString(), "--out",
                out.toString(), "--lora", "--dry-run", "--batch-size", "4")).as(err.toString()).isZero();
        assertThat(stdout.toString()).contains("parameters: ").contains("trainable parameters: ")
                .contains("LoRA r 16 alpha 32").contains("optimizer state").contains("8 rows");
        assertThat(out).doesNotExist();

        // Our own model: every weight trainable, the same report.
        stdout = new StringWriter();
        assertThat(run(stdout, err, "train", "sft", "--data", sft.toString(), "--init", gpt.toString(), "--out",
                out.toString(), "--dry-run")).as(err.toString()).isZero();
        assertThat(stdout.toString()).contains("leanforge-gpt").contains("(100.00 %)").contains("weights ");
        assertThat(out).doesNotExist();
    }

    @Test
    void loraSettingsAreCheckedBeforeAnyWork() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "train", "sft", "--data", sft.toString(), "--init", hf.toString(), "--out",
                tmp.resolve("x").toString(), "--lora-r", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("need --lora");
        err = new StringWriter();
        assertThat(run(out, err, "train", "sft", "--data", sft.toString(), "--init", hf.toString(), "--out",
                tmp.resolve("x").toString(), "--lora", "--lora-r", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--lora-r");
        err = new StringWriter();
        assertThat(run(out, err, "train", "sft", "--data", sft.toString(), "--init", hf.toString(), "--out",
                tmp.resolve("x").toString(), "--lora", "--lora-targets", "qkv")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown target module \"qkv\"");
        err = new StringWriter();
        assertThat(run(out, err, "train", "sft", "--data", sft.toString(), "--init", gpt.toString(), "--out",
                tmp.resolve("x").toString(), "--lora")).isEqualTo(2);
        assertThat(err.toString()).contains("--lora needs a Hugging Face model");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
