package dev.leanforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.leanforge.trainer.checkpoint.Tensor;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.sft.SftObjective;
import dev.leanforge.trainer.testing.ByteTokenizer;
import dev.leanforge.trainer.testing.Corpus;
import dev.leanforge.trainer.testing.TinyModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

    /** loss = Σ c·w over every parameter, so each gradient is the constant c. */
    private static void backwardConstantGradient(GptModel model, float c) {
        try (NDManager scope = model.newScope();
                GradientCollector collector = Compute.engine().newGradientCollector()) {
            NDArray loss = scope.zeros(new Shape());
            for (NDArray p : model.parameters().values()) {
                NDArray sum = p.sum();
                sum.attach(scope);
                loss = loss.add(sum.mul(GptModel.scalar(sum, c)));
            }
            collector.backward(loss);
        }
    }

    @Test
    void matchesTheAdamWFormulaWithDecoupledDecayOnlyOnMatrices() {
        Hyperparameters hp = new Hyperparameters(1e-2, 0, 0, 0.1, 0.9, 0.999, 1e-8, 0);
        try (GptModel model = TinyModels.tiny(4); AdamW adam = new AdamW(model, hp)) {
            model.requireGradients(true);
            Map<String, float[]> before = model.toTensors();
            float g = 0.5f;
            backwardConstantGradient(model, g);
            double norm = adam.update(1e-2);
            long count = model.config().parameterCount();
            assertThat(norm).isCloseTo(g * Math.sqrt(count), within(1e-2));

            // Step 1: m = 0.1 g, v = 0.001 g², update = lr · sqrt(1-β2)/(1-β1) · m / (sqrt(v) + ε) ≈ lr.
            double step = 1e-2 * Math.sqrt(1 - 0.999) / (1 - 0.9) * (0.1 * g) / (Math.sqrt(0.001) * g + 1e-8);
            Map<String, float[]> after = model.toTensors();
            float w = before.get("h.0.attn.qkv.weight")[7];
            assertThat(after.get("h.0.attn.qkv.weight")[7]).isCloseTo((float) (w * (1 - 1e-2 * 0.1) - step),
                    within(1e-6f));
            float bias = before.get("h.0.attn.qkv.bias")[7];
            assertThat(after.get("h.0.attn.qkv.bias")[7]).isCloseTo((float) (bias - step), within(1e-6f));
            assertThat(adam.step()).isEqualTo(1);
            assertThat(adam.state().get("exp_avg.wte.weight").values()[0]).isCloseTo(0.1f * g, within(1e-7f));
        }
    }

    @Test
    void clipsTheGlobalNormAndZeroesGradients() {
        Hyperparameters clipped = new Hyperparameters(1e-2, 0, 0, 0, 0.9, 0.999, 1e-8, 1.0);
        try (GptModel model = TinyModels.tiny(4); AdamW adam = new AdamW(model, clipped)) {
            model.requireGradients(true);
            backwardConstantGradient(model, 3f);
            assertThat(adam.update(1e-2)).isGreaterThan(100);
            // The first moment holds 0.1 × the clipped gradient: 3 scaled to a global norm of 1.
            double clippedG = 3 * (1.0 / (3 * Math.sqrt(model.config().parameterCount())));
            assertThat(adam.state().get("exp_avg.wte.weight").values()[0]).isCloseTo((float) (0.1 * clippedG),
                    within(1e-6f));
            try (NDArray grad = model.parameters().get("wte.weight").getGradient()) {
                assertThat(grad.abs().max().getFloat()).isZero();
            }
        }
    }

    @Test
    void trainingStepsKeepTheNumberOfLiveTensorsConstant() {
        try (GptModel model = TinyModels.tiny(4); AdamW adam = new AdamW(model, Hyperparameters.defaults())) {
            model.requireGradients(true);
            var owner = model.parameters().get("wte.weight").getManager();
            SftObjective objective = new SftObjective(ByteTokenizer.PAD, 4);
            int[] counts = new int[3];
            for (int i = 0; i < counts.length; i++) {
                TrainingLoop.step(model, objective, Corpus.sft().subList(0, 4), adam, 1e-3);
                counts[i] = owner.getManagedArrays().size();
            }
            assertThat(counts[1]).isEqualTo(counts[0]);
            assertThat(counts[2]).isEqualTo(counts[0]);
        }
    }

    @Test
    void restoresItsMoments() {
        Hyperparameters hp = Hyperparameters.defaults();
        try (GptModel model = TinyModels.tiny(4); AdamW adam = new AdamW(model, hp);
                AdamW fresh = new AdamW(model, hp)) {
            model.requireGradients(true);
            backwardConstantGradient(model, 1f);
            adam.update(1e-3);
            Map<String, Tensor> saved = adam.state();
            fresh.restore(saved, adam.step());
            assertThat(fresh.state()).isEqualTo(saved);
            assertThat(fresh.step()).isEqualTo(1);
        }
    }
}
