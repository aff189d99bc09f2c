package dev.leanforge.trainer.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.data.BadLinePolicy;
import dev.leanforge.trainer.dpo.DpoObjective;
import dev.leanforge.trainer.sampling.Completion;
import dev.leanforge.trainer.sampling.SamplingOptions;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.StepReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFT and DPO of a Hugging Face model with LoRA (and without) through the {@link Training} facade. */
class LoraTrainingTest {

    @TempDir
    static Path tmp;

    static Path base;
    static Path sft;
    static Path dpo;
    static Map<String, float[]> baseWeights;

    /** With dropout, so that a resume has to draw the same masks. */
    private static final LoraConfig LORA = new LoraConfig(4, 8, 0.1, LoraConfig.MODULES);

    @BeforeAll
    static void write() throws IOException {
        base = tmp.resolve("qwen2");
        baseWeights = HfTiny.trainableQwen2(base);
        sft = tmp.resolve("sft.jsonl");
        Files.writeString(sft, """
                {"prompt": "theorem a (n : Nat) : n + 0 = n", "completion": ":= by simp"}
                {"prompt": "theorem b (n : Nat) : 0 + n = n", "completion": ":= by simp"}
                {"prompt": "theorem c : 1 = 1", "completion": ":= by rfl"}
                {"prompt": "theorem d : 2 = 2", "completion": ":= rfl"}
                """);
        dpo = tmp.resolve("dpo.jsonl");
        Files.writeString(dpo, """
                {"prompt": "theorem a (n : Nat) : n + 0 = n", "chosen": ":= by simp", "rejected": ":= by rfl"}
                {"prompt": "theorem c : 1 = 1", "chosen": ":= by rfl", "rejected": ":= by simp"}
                """);
    }

    private static RunOptions options(int steps, double lr, int saveEvery) {
        Hyperparameters hp = new Hyperparameters(lr, 0, 1.0, 0.0, 0.9, 0.999, 1e-8, 1.0);
        return new RunOptions(2, 100, steps, hp, 7, saveEvery, 0, 3);
    }

    @Test
    void loraSftTrainsOnlyTheAdapterAndWritesPeftFiles() throws IOException {
        Path out = tmp.resolve("sft-out");
        List<StepReport> steps = new ArrayList<>();
        Training.Result result = Training.sft(sft).init(base).out(out).options(options(6, 3e-2, 0)).lora(LORA)
                .badLines(BadLinePolicy.REJECT).listener(steps::add).run();
        assertThat(result.state().step()).isEqualTo(6);
        assertThat(steps.get(steps.size() - 1).loss()).isLessThan(steps.get(0).loss());
        assertThat(out.resolve(PeftAdapter.CONFIG)).exists();
        assertThat(out.resolve(PeftAdapter.WEIGHTS)).exists();
        assertThat(out.resolve("tokenizer.json")).exists();
        assertThat(out.resolve("model.safetensors")).doesNotExist();
        assertThat(PeftAdapter.readConfig(out)).isEqualTo(LORA);
        // The base directory is untouched and the adapter loads on it.
        try (HfModel model = HfCheckpoint.load(base, Device.cpu())) {
            baseWeights.forEach((n, v) -> assertThat(model.toTensors().get(n)).containsExactly(v));
            PeftAdapter.load(model, out);
            assertThat(model.loraTensors().values()).anyMatch(v -> v[0] != 0 && v.length > 0);
        }
        try (Training.Policy policy = Training.open(base, out, Device.cpu())) {
            List<Completion> c = policy.sampler().sample("theorem c : 1 = 1", 2, 2,
                    new SamplingOptions(4, 1.0, 1.0, 0, List.of(), 0), true);
            assertThat(c).hasSize(2);
            assertThat(policy.score(policy.records(sft, BadLinePolicy.REJECT).examples(), 2)).hasSize(4);
        }
    }

    @Test
    void aResumedLoraRunMatchesAnUninterruptedOne() throws IOException {
        Path whole = tmp.resolve("whole");
        List<StepReport> wholeSteps = new ArrayList<>();
        Training.sft(sft).init(base).out(whole).options(options(4, 1e-2, 2)).lora(LORA).listener(wholeSteps::add)
                .run();
        Path split = tmp.resolve("split");
        Training.sft(sft).init(base).out(split).options(options(4, 1e-2, 2)).lora(LORA).run();
        // Pretend the run died after step 2: drop the final output, resume from checkpoint-2.
        Files.delete(split.resolve(PeftAdapter.WEIGHTS));
        List<StepReport> resumedSteps = new ArrayList<>();
        Training.sft(sft).init(base).out(split).options(options(4, 1e-2, 2)).lora(LORA)
                .resumeFrom(split.resolve("checkpoint-2")).listener(resumedSteps::add).run();
        assertThat(resumedSteps).hasSize(2);
        assertThat(resumedSteps.get(1).loss()).isCloseTo(wholeSteps.get(3).loss(),
                org.assertj.core.data.Offset.offset(1e-5));
        Map<String, float[]> a = PeftAdapter.read(whole).tensors();
        Map<String, float[]> b = PeftAdapter.read(split).tensors();
        a.forEach((n, v) -> {
            for (int i = 0; i < v.length; i++) {
                assertThat(Math.abs(b.get(n)[i] - v[i])).as(n).isLessThanOrEqualTo(1e-5f);
            }
        });
        assertThatThrownBy(() -> Training.sft(sft).init(base).out(split).options(options(4, 1e-2, 2))
                .lora(new LoraConfig(8, 8, 0.0, LoraConfig.MODULES)).resumeFrom(split.resolve("checkpoint-2"))
                .run()).hasMessageContaining("cannot resume");
    }

    @Test
    void loraDpoStartsAtLn2AgainstTheBaseAndCachesTheReference() throws IOException {
        Path out = tmp.resolve("dpo-out");
        List<StepReport> steps = new ArrayList<>();
        List<String> log = new ArrayList<>();
        LoraConfig noDropout = new LoraConfig(4, 8, 0.0, LoraConfig.MODULES);
        Training.dpo(dpo, 0.1).init(base).out(out).options(options(3, 1e-2, 0)).lora(noDropout)
                .listener(steps::add).log(log::add).run();
        assertThat(steps.get(0).loss()).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(steps.get(0).metrics().get(DpoObjective.REWARD_MARGIN))
                .isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(steps.get(2).metrics().get(DpoObjective.REWARD_MARGIN)).isGreaterThan(0);
        assertThat(log).anyMatch(l -> l.startsWith("computing reference log-probabilities"));
        try (var files = Files.list(out.resolve("reference-logprobs"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(1);
        }
        // A second run reuses the cache; the reference is the base, whatever the adapter's state.
        List<String> again = new ArrayList<>();
        Training.dpo(dpo, 0.1).init(base).out(tmp.resolve("dpo-again")).cacheDir(out.resolve("reference-logprobs"))
                .options(options(1, 1e-2, 0)).lora(noDropout).log(again::add).run();
        assertThat(again).anyMatch(l -> l.startsWith("reference log-probabilities from"));
    }

    @Test
    void aLoraRunOnTopOfAnAdapterTrainsOnBasePlusThatAdapter() throws IOException {
        LoraConfig plain = new LoraConfig(4, 8, 0.0, LoraConfig.MODULES);
        Path first = tmp.resolve("chain-1");
        Training.sft(sft).init(base).out(first).options(options(3, 3e-2, 0)).lora(plain).run();
        Path second = tmp.resolve("chain-2");
        LoraConfig narrow = new LoraConfig(2, 4, 0.0, java.util.List.of("q_proj", "up_proj"));
        Training.sft(sft).init(first).out(second).options(options(2, 3e-2, 0)).lora(narrow).run();
        assertThat(PeftAdapter.chain(second)).containsExactly(second.toAbsolutePath().normalize(),
                first.toAbsolutePath().normalize(), base.toAbsolutePath().normalize());
        // DPO on top of the chain starts at ln 2: its reference is base + first + second, adapters off = that.
        List<StepReport> steps = new ArrayList<>();
        Training.dpo(dpo, 0.1).init(second).out(tmp.resolve("chain-dpo")).options(options(1, 1e-2, 0)).lora(plain)
                .listener(steps::add).run();
        assertThat(steps.get(0).loss()).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-5));

        // Opening the last adapter alone equals base, first merged, second on top, done by hand.
        int[] ids;
        try (Training.Policy policy = Training.open(second, null, Device.cpu())) {
            var records = policy.records(sft, BadLinePolicy.REJECT).examples();
            double[] got = policy.score(records, 2).stream().mapToDouble(x -> x.logProb()).toArray();
            try (HfModel manual = HfCheckpoint.load(base, Device.cpu())) {
                PeftAdapter.load(manual, first);
                manual.mergeLora();
                PeftAdapter.load(manual, second);
                double[] expected = dev.leanforge.trainer.sampling.SequenceScorer.score(manual, records, 2,
                        policy.padId()).stream().mapToDouble(x -> x.logProb()).toArray();
                assertThat(got).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        Path merged = tmp.resolve("chain-merged");
        Training.merge(first, second, merged, Device.cpu());
        assertThat(merged.resolve("tokenizer.json")).exists();
        try (Training.Policy a = Training.open(merged, null, Device.cpu());
                Training.Policy b = Training.open(second, null, Device.cpu())) {
            var records = a.records(sft, BadLinePolicy.REJECT).examples();
            double[] x = a.score(records, 2).stream().mapToDouble(r -> r.logProb()).toArray();
            double[] y = b.score(records, 2).stream().mapToDouble(r -> r.logProb()).toArray();
            assertThat(x).containsExactly(y, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void fullFineTuningOfAHfModelWritesAFullCheckpoint() throws IOException {
        Path out = tmp.resolve("full");
        Training.sft(sft).init(base).out(out).options(options(2, 1e-3, 0)).run();
        assertThat(HfCheckpoint.isHfDirectory(out)).isTrue();
        try (HfModel model = HfCheckpoint.load(out, Device.cpu())) {
            Map<String, float[]> after = model.toTensors();
            assertThat(after.get("model.norm.weight")).isNotEqualTo(baseWeights.get("model.norm.weight"));
        }
    }

    @Test
    void aPlanCountsTheAdapterAndTheMemory() throws IOException {
        Training.Plan plan = Training.sft(sft).init(base).out(tmp.resolve("plan")).options(options(2, 1e-3, 0))
                .lora(LORA).plan();
        HfConfig config = HfCheckpoint.readConfig(base);
        long adapter = HfModel.loraShapes(config, LORA).values().stream().mapToLong(s -> s[0] * s[1]).sum();
        assertThat(plan.trainableParameters()).isEqualTo(adapter);
        assertThat(plan.parameters()).isEqualTo(HfModel.parameterCount(config));
        assertThat(plan.weightBytes()).isEqualTo(4 * plan.parameters());
        assertThat(plan.optimizerBytes()).isEqualTo(8 * adapter);
        assertThat(plan.gradientBytes()).isEqualTo(4 * adapter);
        assertThat(plan.activationBytes()).isPositive();
        assertThat(plan.longest()).isBetween(2, 48);
        assertThat(String.join("\n", plan.describe())).contains("trainable parameters: ")
                .contains("LoRA r 4 alpha 8").contains("optimizer state");
        assertThatThrownBy(() -> Training.sft(sft).fresh(
                dev.leanforge.trainer.model.ModelConfig.readSizes(tmp.resolve("none"), 1), null)
                .out(tmp).options(options(1, 1, 0)).lora(LORA).plan()).isInstanceOf(Exception.class);
    }
}
