package dev.leanforge.loop.star;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.leanforge.loop.config.ConfigFile;
import dev.leanforge.loop.config.RawValue;
import dev.leanforge.loop.config.StarConfig;
import dev.leanforge.loop.config.StarSettings;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import dev.leanforge.trainer.data.DpoRecord;
import dev.leanforge.trainer.data.SftRecord;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * DPO at STaR's default settings moves the model: after the stage the loss over its pairs is below ln 2. At the
 * earlier defaults (β 0.1, learning rate 1e-5, one pass, inside a 50-step warm-up) it stayed at ln 2.
 */
class StarDpoDefaultsTest {

    private static final double LN2 = Math.log(2);

    @TempDir
    Path tmp;

    @BeforeAll
    static void oneComputeThread() {
        Compute.configureThreads(1, 0); // as the other test classes that start the engine
    }

    private static StarConfig defaults(String... more) {
        Map<String, RawValue> given = new java.util.HashMap<>();
        given.put("set", RawValue.scalar("test", "toy"));
        for (int i = 0; i < more.length; i += 2) {
            given.put(more[i], RawValue.scalar("test", more[i + 1]));
        }
        return StarConfig.resolve(given);
    }

    /** Six one-line facts, a right and a wrong proof each. */
    private static final List<String[]> TOY = List.of(
            new String[] {"theorem a : 1 + 1 = 2 :=", "by decide", "by simp_all"},
            new String[] {"theorem b : 2 + 2 = 4 :=", "by decide", "by omega"},
            new String[] {"theorem c : True :=", "trivial", "by exact h"},
            new String[] {"theorem d : 3 = 3 :=", "rfl", "by cases x"},
            new String[] {"theorem e : ¬False :=", "fun h => h", "by intro"},
            new String[] {"theorem f : 0 < 1 :=", "by decide", "by rfl"});

    @Test
    void theDefaultsTakeTheLossBelowLn2OnAToyPairSetWhereTheOldOnesLeftItThere() throws Exception {
        StarTraining training = new StarTraining(Device.cpu(), line -> {});
        List<SftRecord> facts = new ArrayList<>();
        List<DpoRecord> pairs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String[] t : TOY) {
            facts.add(new SftRecord(t[0], t[1]));
            pairs.add(new DpoRecord(t[0], t[1], t[2]));
            texts.add(t[0]);
            texts.add(t[1]);
            texts.add(t[2]);
        }
        Path sft = tmp.resolve("sft.jsonl");
        Path dpo = tmp.resolve("dpo.jsonl");
        StarDataset.writeJsonl(sft, facts);
        StarDataset.writeJsonl(dpo, pairs);
        Path tokenizer = StarTraining.tokenizer(texts, 300, tmp.resolve("tokenizer"));
        RunOptions base = new RunOptions(4, 0, 20, Hyperparameters.defaults().withLearningRate(1e-2)
                .withWarmupSteps(0), 1, 0, 0, 1);
        Path init = training.sft(sft, new StarTraining.Fresh(new ModelConfig(1, 2, 32, 64, 1, true), tokenizer),
                base, tmp.resolve("init"), TrainingListener.NONE).model();

        StarConfig config = defaults();
        StarTraining.Result now = training.dpo(dpo, init, config.dpo().beta(), StarRun.dpoOptions(config,
                pairs.size()), tmp.resolve("dpo-now"), TrainingListener.NONE);
        assertThat(now.steps()).isEqualTo(StarSettings.DPO_MIN_STEPS_AUTO);
        assertThat(now.metrics().get("eval_loss")).as("loss over all pairs after the stage").isLessThan(LN2 - 0.05);
        assertThat(now.metrics().get("eval_reward_accuracy")).isGreaterThan(0.5);
        assertThat(now.metrics().get("eval_reward_margin")).isPositive();

        // The earlier defaults: β 0.1, lr 1e-5, one pass over six pairs in batches of 16 (one step, at warm-up
        // step 1 of 50).
        RunOptions old = new RunOptions(16, 1, 0, new Hyperparameters(1e-5, 50, 0.1, 0.01, 0.9, 0.999, 1e-8, 1.0),
                1, 0, 0, 1);
        StarTraining.Result before = training.dpo(dpo, init, 0.1, old, tmp.resolve("dpo-old"),
                TrainingListener.NONE);
        assertThat(before.metrics().get("eval_loss")).isCloseTo(LN2, within(1e-3));
    }

    /**
     * Measures the DPO stage on the README example's model size (examples/star-core-logic.yaml): SFT of a fresh
     * model on core-logic's train reference proofs as round 0 does, then DPO on pairs (each theorem's reference
     * proof against the reference proofs of three other theorems, a stand-in for refused samples), at the old and
     * the new defaults. Prints the numbers; run with {@code -Dleanforge.measure=true -Dtest=StarDpoDefaultsTest}.
     */
    @Test
    @EnabledIfSystemProperty(named = "leanforge.measure", matches = "true")
    void measureOnTheExamplesModel() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        StarConfig example = StarConfig.resolve(ConfigFile.read(root.resolve("examples/star-core-logic.yaml"),
                StarSettings.ALL));
        TheoremSet set = SetReader.read(root.resolve("theorems/core-logic"));
        List<Theorem> train = set.theorems().stream().filter(t -> t.split() == Split.TRAIN)
                .filter(t -> !t.proofs().isEmpty()).toList();
        List<String> texts = new ArrayList<>();
        set.theorems().forEach(t -> texts.add(PromptFormat.wholeProof(t)));
        train.forEach(t -> t.proofs().forEach(p -> texts.add(p.proof())));
        List<SftRecord> references = new ArrayList<>();
        train.forEach(t -> t.proofs().forEach(p -> references.add(PromptFormat.training(t, p.proof()))));
        List<DpoRecord> pairs = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            Theorem t = train.get(i);
            String chosen = t.proofs().get(0).proof();
            for (int j = 1; j <= 3; j++) {
                String rejected = train.get((i + 7 * j) % train.size()).proofs().get(0).proof();
                if (t.proofs().stream().noneMatch(p -> p.proof().equals(rejected))) {
                    pairs.add(new DpoRecord(PromptFormat.wholeProof(t), chosen, rejected));
                }
            }
        }
        Path sft = tmp.resolve("sft.jsonl");
        Path dpo = tmp.resolve("dpo.jsonl");
        StarDataset.writeJsonl(sft, references);
        StarDataset.writeJsonl(dpo, pairs);
        StarTraining training = new StarTraining(Device.cpu(), line -> {});
        Path tokenizer = StarTraining.tokenizer(texts, example.vocab(), tmp.resolve("tokenizer"));
        StarConfig.ModelSizes sizes = example.sizes();
        long t0 = System.nanoTime();
        RunOptions base = new RunOptions(example.sft().batchSize(), 0, example.sft().baseSteps(),
                new Hyperparameters(example.sft().baseLearningRate(), example.sft().warmup(), 0.1, 0.01, 0.9, 0.999,
                        1e-8, 1.0), example.template().seed(), 0, 0, 1);
        StarTraining.Result round0 = training.sft(sft, new StarTraining.Fresh(new ModelConfig(sizes.layers(),
                sizes.heads(), sizes.width(), sizes.context(), 1, true), tokenizer), base, tmp.resolve("round-0"),
                TrainingListener.NONE);
        System.out.printf(Locale.ROOT, "MEASURE round-0 SFT: %d reference records, %d steps, last loss %.4f, %.0f s%n",
                references.size(), round0.steps(), round0.loss(), (System.nanoTime() - t0) / 1e9);

        RunOptions old = new RunOptions(example.sft().batchSize(), 1, 0, new Hyperparameters(1e-5,
                example.sft().warmup(), 0.1, 0.01, 0.9, 0.999, 1e-8, 1.0), example.template().seed(), 0, 0, 1);
        report("old defaults (beta 0.1, lr 1e-5, 1 epoch, warm-up 50)", pairs.size(), () -> training.dpo(dpo,
                round0.model(), 0.1, old, tmp.resolve("dpo-old"), TrainingListener.NONE));
        String[] variants = System.getProperty("leanforge.measure.variants", "").split(";");
        for (String variant : variants) {
            String[] kv = variant.isBlank() ? new String[0] : variant.strip().split("\\s+");
            StarConfig config = defaults(kv);
            report("defaults " + variant.strip() + " (beta " + config.dpo().beta() + ", lr "
                    + config.dpo().learningRate() + ")", pairs.size(), () -> training.dpo(dpo, round0.model(),
                    config.dpo().beta(), StarRun.dpoOptions(config, pairs.size()),
                    tmp.resolve("dpo-" + Integer.toHexString(variant.hashCode())), TrainingListener.NONE));
        }
    }

    private interface Stage {
        StarTraining.Result run() throws Exception;
    }

    private static void report(String what, int pairs, Stage stage) throws Exception {
        long t0 = System.nanoTime();
        StarTraining.Result result = stage.run();
        Map<String, Double> m = result.metrics();
        System.out.printf(Locale.ROOT, "MEASURE DPO %s: %d pairs, %d steps, last-step loss %.4f; over all pairs "
                + "after: loss %.4f, reward accuracy %.3f, mean reward margin %.4f; %.0f s%n", what, pairs,
                result.steps(), result.loss(), m.get("eval_loss"), m.get("eval_reward_accuracy"),
                m.get("eval_reward_margin"), (System.nanoTime() - t0) / 1e9);
    }
}
