package dev.leanforge.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.testing.TinyModels;
import dev.leanforge.trainer.dpo.DpoExample;
import dev.leanforge.trainer.dpo.DpoObjective;
import dev.leanforge.trainer.sft.SftObjective;
import dev.leanforge.trainer.testing.ByteTokenizer;
import dev.leanforge.trainer.testing.Corpus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GptModelTest {

    private static long[] randomIds(int n, long seed) {
        Random r = new Random(seed);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(TinyModels.TINY.vocabSize());
        }
        return ids;
    }

    @Test
    void changingALaterTokenNeverChangesEarlierLogits() {
        int time = 20;
        try (GptModel model = TinyModels.tiny(1); NDManager scope = model.newScope()) {
            long[] ids = randomIds(time, 7);
            float[] before = model.logits(scope.create(ids, new Shape(1, time))).toFloatArray();
            int vocab = model.config().vocabSize();
            for (int changed : new int[] {time - 1, 10, 1}) {
                long[] edited = ids.clone();
                edited[changed] = (edited[changed] + 1) % vocab;
                float[] after = model.logits(scope.create(edited, new Shape(1, time))).toFloatArray();
                for (int t = 0; t < time; t++) {
                    float maxDiff = 0;
                    for (int v = 0; v < vocab; v++) {
                        maxDiff = Math.max(maxDiff, Math.abs(before[t * vocab + v] - after[t * vocab + v]));
                    }
                    if (t < changed) {
                        assertThat(maxDiff).as("position %d after changing %d", t, changed).isEqualTo(0f);
                    } else {
                        assertThat(maxDiff).as("position %d after changing %d", t, changed).isGreaterThan(0f);
                    }
                }
            }
        }
    }

    @Test
    void cachedForwardMatchesTheFullForwardPosition() {
        int time = 12;
        try (GptModel model = TinyModels.tiny(2); NDManager scope = model.newScope()) {
            long[] ids = randomIds(2 * time, 3);
            float[] full = model.logits(scope.create(ids, new Shape(2, time))).toFloatArray();
            KvCache cache = model.newCache(scope);
            int vocab = model.config().vocabSize();
            for (int t = 0; t < time; t++) {
                NDArray step = scope.create(new long[] {ids[t], ids[time + t]}, new Shape(2, 1));
                NDArray positions = scope.create(new long[] {t});
                NDArray bias = AttentionBias.causal(scope, 1, t + 1, null);
                float[] logits = model.logits(step, positions, bias, cache).toFloatArray();
                for (int b = 0; b < 2; b++) {
                    for (int v = 0; v < vocab; v++) {
                        assertThat(logits[b * vocab + v])
                                .isCloseTo(full[(b * time + t) * vocab + v], within(1e-4f));
                    }
                }
            }
            assertThat(cache.length()).isEqualTo(time);
        }
    }

    @Test
    void sameSeedSameWeightsAndTheStoredShapesAreTheDocumentedOnes() {
        try (GptModel a = TinyModels.tiny(5); GptModel b = TinyModels.tiny(5); GptModel c = TinyModels.tiny(6)) {
            Map<String, float[]> wa = a.toTensors();
            assertThat(wa.keySet()).containsExactlyElementsOf(GptModel.parameterShapes(a.config()).keySet());
            assertThat(wa.get("h.1.attn.qkv.weight")).isEqualTo(b.toTensors().get("h.1.attn.qkv.weight"));
            assertThat(wa.get("h.1.attn.qkv.weight")).isNotEqualTo(c.toTensors().get("h.1.attn.qkv.weight"));
            long total = wa.values().stream().mapToLong(v -> v.length).sum();
            assertThat(total).isEqualTo(a.config().parameterCount());
            assertThat(wa).doesNotContainKey("lm_head.weight");
        }
        ModelConfig untied = new ModelConfig(1, 2, 16, 8, 30, false);
        assertThat(GptModel.parameterShapes(untied).get("lm_head.weight")).isEqualTo(new Shape(30, 16));
        assertThat(GptModel.parameterShapes(untied).get("h.0.mlp.fc.weight")).isEqualTo(new Shape(64, 16));
    }

    @Test
    void scoredLogProbsEqualTheLogSoftmaxOfTheFullLogits() {
        try (GptModel model = TinyModels.tiny(4); NDManager scope = model.newScope()) {
            int time = 9;
            int vocab = model.config().vocabSize();
            long[] ids = randomIds(2 * time, 11);
            float[] logits = model.logits(scope.create(ids, new Shape(2, time))).toFloatArray();
            long[] positions = {3, 8, 9, 17};
            long[] targets = {5, 250, 0, 77};
            float[] scored = model.targetLogProbs(scope.create(ids, new Shape(2, time)), scope.create(positions),
                    scope.create(targets)).toFloatArray();
            for (int i = 0; i < positions.length; i++) {
                int row = (int) positions[i] * vocab;
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) {
                    max = Math.max(max, logits[row + v]);
                }
                double sum = 0;
                for (int v = 0; v < vocab; v++) {
                    sum += Math.exp(logits[row + v] - max);
                }
                double expected = logits[row + (int) targets[i]] - max - Math.log(sum);
                assertThat((double) scored[i]).isCloseTo(expected, within(1e-4));
            }
        }
    }

    /**
     * DJL creates tensors over direct buffers that only their Java wrapper keeps alive. A scalar operand whose
     * wrapper is closed right after the forward op (as {@code mul(Number)} does) leaves autograd with a pointer into
     * memory the garbage collector may free and reuse before the backward pass.
     */
    @Test
    void gradientsDoNotDependOnGarbageCollectionBetweenForwardAndBackward() throws InterruptedException {
        try (GptModel model = TinyModels.tiny(8)) {
            model.requireGradients(true);
            SftObjective sft = new SftObjective(ByteTokenizer.PAD, 8);
            Function<NDManager, NDArray> sftLoss = scope -> sft.loss(model, Corpus.sft(), scope).loss();
            assertThat(gradient(model, sftLoss, true)).containsExactly(gradient(model, sftLoss, false));

            DpoObjective dpo = new DpoObjective(0.1, ByteTokenizer.PAD, 8);
            List<DpoExample> pairs = Corpus.preferences().stream().map(p -> new DpoExample(p, -10, -20)).toList();
            Function<NDManager, NDArray> dpoLoss = scope -> dpo.loss(model, pairs, scope).loss();
            assertThat(gradient(model, dpoLoss, true)).containsExactly(gradient(model, dpoLoss, false));
        }
    }

    private static float[] gradient(GptModel model, Function<NDManager, NDArray> lossOf, boolean churn)
            throws InterruptedException {
        NDArray weight = model.parameters().get("h.0.attn.qkv.weight");
        try (NDManager scope = model.newScope();
                GradientCollector collector = Compute.engine().newGradientCollector()) {
            NDArray loss = lossOf.apply(scope);
            if (churn) {
                for (int round = 0; round < 3; round++) {
                    System.gc();
                    Thread.sleep(50);
                    List<ByteBuffer> garbage = new ArrayList<>();
                    for (int i = 0; i < 20_000; i++) {
                        garbage.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, 1e30f));
                    }
                }
            }
            collector.backward(loss);
        }
        try (NDArray gradient = weight.getGradient()) {
            float[] values = gradient.toFloatArray();
            gradient.subi(gradient);
            return values;
        }
    }

    @Test
    void rejectsSequencesLongerThanTheContext() {
        try (GptModel model = TinyModels.tiny(1); NDManager scope = model.newScope()) {
            int tooLong = model.config().context() + 1;
            assertThatThrownBy(() -> model.logits(scope.create(new long[tooLong], new Shape(1, tooLong))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("context of 48");
        }
    }

    @Test
    void trainingStepsLeaveNoTensorsBehindInTheModelsManager() {
        try (GptModel model = GptModel.initialize(TinyModels.TINY, 1, Device.cpu())) {
            model.requireGradients(true);
            NDManager owner = model.parameters().get("wte.weight").getManager();
            int before = -1;
            for (int i = 0; i < 3; i++) {
                try (NDManager scope = model.newScope();
                        GradientCollector collector = Compute.engine().newGradientCollector()) {
                    NDArray ids = scope.create(randomIds(2 * 10, i), new Shape(2, 10));
                    collector.backward(model.logits(ids).logSoftmax(-1).mean().neg());
                }
                int now = owner.getManagedArrays().size();
                if (before >= 0) {
                    assertThat(now).isEqualTo(before);
                }
                before = now;
            }
        }
    }
}
