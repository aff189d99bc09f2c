package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.policy.model.TinyHfCheckpoint;
import dev.leanforge.loop.star.RoundReport;
import dev.leanforge.loop.star.RunSettings;
import dev.leanforge.loop.star.StarListener;
import dev.leanforge.loop.store.Store;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.hf.HfConfig;
import dev.leanforge.trainer.hf.PeftAdapter;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import dev.leanforge.trainer.training.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code star run} from a Hugging Face checkpoint ({@code init: hf:DIR}) with LoRA: round 0 is the given model, each
 * round's candidate is base + adapter. The model is a tiny random Qwen3-shaped one built here; the scripted Lean
 * stand-in (a test double, not Lean) accepts every proof of {@code p_a}, and elsewhere any proof with an "e" in its
 * first line, so the random model's search finds proofs and its GRPO groups are mixed.
 */
class StarHfRunTest {

    @TempDir
    Path tmp;

    private StarRunFixture star;

    @BeforeAll
    static void oneComputeThread() {
        Compute.configureThreads(1, 0);
    }

    @BeforeEach
    void standIn() throws Exception {
        star = new StarRunFixture(tmp, "star-tiny", StandInRules.create()
                .rule(r -> r.match("theorem t_crash ").crash())
                .rule(r -> r.match("theorem t_hang ").hang())
                .rule(r -> r.match("theorem p_a ").axioms())
                .rule(r -> r.match(":=[^\\n]*e").axioms())
                .rule(r -> r.match(":= by decide\\s*\\n\\n#print axioms").axioms())
                .otherwise(r -> r.error("unknown tactic")));
    }

    @AfterEach
    void noBlockedThreads() throws Exception {
        star.assertNoBlockedThreads();
    }

    /** A tiny random Qwen3-shaped checkpoint with a BPE tokenizer learnt from Lean-ish text. */
    static Path tinyQwen3(Path dir) throws IOException {
        Path tokenizer = Training.tokenizer(List.of(
                "theorem p_a : 2 + 2 = 4 := by decide\nby rfl\nby simp\n".repeat(20)), 300, dir);
        int vocab = BpeTokenizer.load(tokenizer).vocabSize();
        HfConfig config = HfConfig.parse("{\"model_type\": \"qwen3\", \"vocab_size\": " + vocab + ", \"hidden_size\":"
                + " 32, \"intermediate_size\": 48, \"num_hidden_layers\": 1, \"num_attention_heads\": 4,"
                + " \"num_key_value_heads\": 2, \"head_dim\": 8, \"max_position_embeddings\": 256,"
                + " \"tie_word_embeddings\": true, \"rope_theta\": 1000000.0, \"eos_token_id\": 3}");
        TinyHfCheckpoint.save(config, 5, dir);
        return dir;
    }

    static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                hashes.put(dir.relativize(f).toString(), Sha256.file(f));
            }
        }
        return hashes;
    }

    List<String> args(Path hf, String... more) {
        List<String> args = star.args(tmp, "--samples", "4",
                "--init", "hf:" + hf, "--lora-r", "2", "--lora-alpha", "4", "--lora-dropout", "0",
                "--rounds", "1", "--sft-steps", "3", "--batch-size", "4", "--warmup", "0", "--sft-lr", "1e-2",
                "--save-every", "0", "--evaluate-train", "false");
        args.addAll(List.of(more));
        return args;
    }

    int run(List<String> args) {
        return star.run(StarListener.QUIET, args);
    }

    List<RoundReport> reports(Store store) {
        return StarRunFixture.finishedRounds(store, "star-star-tiny");
    }

    @Test
    void aStarRoundFromAHuggingFaceModelTrainsALoraAdapterOnIt() throws IOException {
        Path hf = tinyQwen3(tmp.resolve("qwen3-tiny")).toAbsolutePath().normalize();
        Map<String, String> baseBefore = hashes(hf);

        assertThat(run(args(hf))).as(star.err.toString() + star.out).isZero();

        try (Store store = Store.open(tmp.resolve("store.db"))) {
            List<RoundReport> reports = reports(store);
            assertThat(reports).extracting(RoundReport::round).containsExactly(0, 1);
            RoundReport zero = reports.get(0);
            assertThat(zero.sft()).as("round 0 is the given model: nothing trained").isNull();
            assertThat(zero.candidate()).isEqualTo(hf.toString());
            RoundReport one = reports.get(1);
            // The dataset grew from nothing (round 0 trained on nothing) by the search's verified proofs.
            assertThat(one.dataset().verified()).as(star.out.toString()).isPositive();
            assertThat(one.dataset().sftRecords()).isGreaterThan(zero.dataset().sftRecords());
            // The adapter trained: a PEFT directory in the round's sft/, naming the base; the base untouched.
            Path sft = tmp.resolve("run/round-1/sft").toAbsolutePath().normalize();
            assertThat(one.sft().steps()).isEqualTo(3);
            assertThat(one.sft().loss()).isFinite();
            assertThat(PeftAdapter.isAdapterDirectory(sft)).isTrue();
            assertThat(sft.resolve(PeftAdapter.WEIGHTS)).isRegularFile();
            assertThat(sft.resolve("model.safetensors")).doesNotExist();
            assertThat(PeftAdapter.chain(sft)).containsExactly(sft, hf);
            assertThat(Path.of(one.candidate())).isEqualTo(sft);
            assertThat(hashes(hf)).isEqualTo(baseBefore);
            // Evaluated and decided like any candidate.
            assertThat(one.evaluation()).isNotNull();
            assertThat(one.promotionRule()).isEqualTo("bootstrap");
            assertThat(one.decision()).startsWith(one.promoted() ? "promoted " + sft : "kept " + hf);
            assertThat(one.policyAfter()).isEqualTo(one.promoted() ? sft.toString() : hf.toString());
        }
        // The run's settings carry LoRA's, so a resume with another rank is refused.
        assertThat(RunSettings.read(tmp.resolve("run")).orElseThrow())
                .containsEntry("lora-r", "2").containsEntry("init", hf.toString());
        assertThat(run(args(hf, "--rounds", "2", "--lora-r", "4"))).isNotZero();
        assertThat(star.err.toString()).contains("lora-r: 2 → 4");
    }

    @Test
    void loraWithoutAHuggingFaceInitIsRefused() {
        List<String> args = new ArrayList<>(args(tmp.resolve("nowhere")));
        int i = args.indexOf("--init");
        args.remove(i + 1);
        args.remove(i);
        assertThat(run(args)).isNotZero();
        assertThat(star.err.toString()).contains("lora-r (2) needs init: hf:DIR");
        assertThat(run(args(tmp.resolve("nowhere")))).isNotZero();
        assertThat(star.err.toString()).contains("is not a Hugging Face checkpoint directory");
    }

    @Test
    void aGrpoRoundOnAHuggingFaceModelTrainsALoraAdapter() throws IOException {
        Path hf = tinyQwen3(tmp.resolve("qwen3-tiny")).toAbsolutePath().normalize();
        Map<String, String> baseBefore = hashes(hf);

        assertThat(run(args(hf, "--algorithm", "grpo", "--grpo-group-size", "4", "--grpo-lr", "1e-2",
                "--grpo-kl", "0.1"))).as(star.err.toString() + star.out).isZero();

        try (Store store = Store.open(tmp.resolve("store.db"))) {
            RoundReport one = reports(store).get(1);
            RoundReport.Grpo grpo = one.grpo();
            assertThat(grpo).isNotNull();
            assertThat(grpo.trainedSamples()).as(star.out.toString()).isPositive();
            assertThat(grpo.update().steps()).isPositive();
            assertThat(grpo.update().loss()).isFinite();
            // The entropy comes from the whole next-token distribution, which the Hugging Face model gives too.
            assertThat(grpo.entropy()).isNotNull().isPositive();
            assertThat(grpo.kl()).isNotNull().isFinite();
            Path update = tmp.resolve("run/round-1/grpo").toAbsolutePath().normalize();
            assertThat(Path.of(one.candidate())).isEqualTo(update);
            assertThat(update.resolve(PeftAdapter.WEIGHTS)).isRegularFile();
            assertThat(PeftAdapter.chain(update)).containsExactly(update, hf);
            assertThat(hashes(hf)).isEqualTo(baseBefore);
            assertThat(one.decision()).startsWith(one.promoted() ? "promoted " + update : "kept " + hf);
        }
    }
}
