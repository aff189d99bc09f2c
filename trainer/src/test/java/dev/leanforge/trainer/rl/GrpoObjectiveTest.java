package dev.leanforge.trainer.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.leanforge.trainer.batch.PaddedBatch;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.testing.ByteTokenizer;
import dev.leanforge.trainer.testing.Corpus;
import dev.leanforge.trainer.testing.TinyModels;
import dev.leanforge.trainer.training.AdamW;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.TrainingLoop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** GRPO's objective on a tiny model: a hand-computed group, the on-policy gradient, and groups without signal. */
class GrpoObjectiveTest {

    /** One prompt, four proofs of 2, 1, 1 and 2 bytes: 3, 2, 2 and 3 completion tokens with the end token. */
    private static final List<TokenSequence> GROUP = List.of(
            Corpus.example("1 + 1 = 2", "ab"), Corpus.example("1 + 1 = 2", "c"),
            Corpus.example("1 + 1 = 2", "d"), Corpus.example("1 + 1 = 2", "ef"));

    private static List<RlSample> samples(GptModel model, double[] rewards) {
        return RlSamples.build(GROUP, Advantages.of(rewards, false), model, null, 8, ByteTokenizer.PAD);
    }

    @Test
    void aHandComputedGroupOnPolicy() {
        try (GptModel model = TinyModels.tiny(3)) {
            List<RlSample> batch = samples(model, new double[] {1, 0, 0, 1});
            assertThat(batch).extracting(RlSample::advantage).containsExactly(0.5, -0.5, -0.5, 0.5);
            assertThat(batch).extracting(s -> s.oldLogProbs().length).containsExactly(3, 2, 2, 3);
            GrpoObjective objective = new GrpoObjective(GrpoOptions.DEFAULTS, ByteTokenizer.PAD);
            try (NDManager scope = model.newScope()) {
                TrainingLoop.BatchLoss loss = objective.loss(model, batch, scope);
                // Ratio 1 everywhere: loss = −Σ_t A_t / tokens = −(3·0.5 − 2·0.5 − 2·0.5 + 3·0.5) / 10 = −0.1.
                assertThat(loss.loss().getFloat()).isCloseTo(-0.1f, within(1e-5f));
                assertThat(loss.metrics().get(GrpoObjective.CLIP_FRACTION).getFloat()).isZero();
                assertThat(loss.metrics().get(GrpoObjective.TOKENS).getFloat()).isEqualTo(10f);
                // A fresh model is near uniform over 260 ids: entropy close to ln 260 = 5.56.
                assertThat(loss.metrics().get(GrpoObjective.ENTROPY).getFloat()).isCloseTo(5.56f, within(0.1f));
            }
        }
    }

    @Test
    void onPolicyTheGradientIsThePlainPolicyGradientPerToken() {
        try (GptModel model = TinyModels.tiny(5)) {
            model.requireGradients(true);
            double[] rewards = {1, 0, 0, 0};
            List<RlSample> batch = samples(model, rewards);
            GrpoObjective objective = new GrpoObjective(GrpoOptions.DEFAULTS, ByteTokenizer.PAD);
            Map<String, float[]> grpo = gradients(model, scope -> objective.loss(model, batch, scope).loss());
            // −Σ A·log π / tokens, written out directly.
            double[] advantages = Advantages.of(rewards, false);
            Map<String, float[]> plain = gradients(model, scope -> {
                PaddedBatch padded = PaddedBatch.of(GROUP, ByteTokenizer.PAD);
                NDArray logp = TokenLogProbs.targets(TokenLogProbs.logSoftmax(model, padded, scope), padded, scope);
                float[] a = new float[padded.maskedTokens()];
                int at = 0;
                for (int i = 0; i < GROUP.size(); i++) {
                    for (int t = 0; t < GROUP.get(i).completionLength(); t++) {
                        a[at++] = (float) advantages[i];
                    }
                }
                return logp.mul(scope.create(a)).sum().neg().div(GptModel.scalar(logp, padded.maskedTokens()));
            });
            double largest = 0;
            for (String name : plain.keySet()) {
                float[] g = grpo.get(name);
                float[] p = plain.get(name);
                for (int i = 0; i < p.length; i++) {
                    assertThat(g[i]).as(name + "[" + i + "]").isCloseTo(p[i], within(1e-6f + 1e-4f * Math.abs(p[i])));
                    largest = Math.max(largest, Math.abs(p[i]));
                }
            }
            assertThat(largest).as("the gradient is not trivially zero").isGreaterThan(1e-4);
        }
    }

    @Test
    void groupsWithEqualRewardsGiveNoGradientAndAStepLeavesTheModelAsItWas() {
        try (GptModel model = TinyModels.tiny(7)) {
            List<RlSample> solvedByAll = samples(model, new double[] {1, 1, 1, 1});
            List<RlSample> solvedByNone = samples(model, new double[] {0, 0, 0, 0});
            Map<String, float[]> before = model.toTensors();
            // No weight decay: decay alone moves the weights whatever the gradient (a round never steps on such
            // groups: it skips them before training).
            Hyperparameters hp = new Hyperparameters(1e-2, 0, 1, 0, 0.9, 0.999, 1e-8, 1);
            GrpoObjective objective = new GrpoObjective(GrpoOptions.DEFAULTS, ByteTokenizer.PAD);
            model.requireGradients(true);
            try (AdamW adam = new AdamW(model, hp)) {
                for (List<RlSample> batch : List.of(solvedByAll, solvedByNone)) {
                    TrainingLoop.StepResult step = TrainingLoop.step(model, objective, batch, adam, 1e-2);
                    assertThat(step.loss()).isZero();
                    assertThat(step.gradientNorm()).isZero();
                }
            } finally {
                model.requireGradients(false);
            }
            Map<String, float[]> after = model.toTensors();
            before.forEach((name, values) -> assertThat(after.get(name)).as(name).containsExactly(values));
        }
    }

    @Test
    void laterEpochsAreOffPolicyAndClip() {
        try (GptModel model = TinyModels.tiny(9)) {
            List<RlSample> batch = samples(model, new double[] {1, 0, 0, 0});
            Hyperparameters hp = new Hyperparameters(5e-2, 0, 1, 0, 0.9, 0.999, 1e-8, 0);
            GrpoObjective objective = new GrpoObjective(GrpoOptions.DEFAULTS, ByteTokenizer.PAD);
            model.requireGradients(true);
            try (AdamW adam = new AdamW(model, hp)) {
                TrainingLoop.StepResult first = TrainingLoop.step(model, objective, batch, adam, 5e-2);
                assertThat(first.metrics().get(GrpoObjective.CLIP_FRACTION)).isZero();
                double clipped = 0;
                for (int epoch = 2; epoch <= 4; epoch++) {
                    clipped = Math.max(clipped, TrainingLoop.step(model, objective, batch, adam, 5e-2).metrics()
                            .get(GrpoObjective.CLIP_FRACTION));
                }
                assertThat(clipped).as("the old log-probs stay those of the sampling policy").isPositive();
            } finally {
                model.requireGradients(false);
            }
        }
    }

    private static Map<String, float[]> gradients(GptModel model, Function<NDManager, NDArray> lossOf) {
        try (NDManager scope = model.newScope();
                GradientCollector collector = Compute.engine().newGradientCollector()) {
            collector.backward(lossOf.apply(scope));
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> {
            try (NDArray g = p.getGradient()) {
                out.put(name, g.toFloatArray());
                g.subi(g);
            }
        });
        return out;
    }
}
