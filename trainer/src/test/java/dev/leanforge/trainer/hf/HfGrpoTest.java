package dev.leanforge.trainer.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.leanforge.trainer.batch.PaddedBatch;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.device.GradientMode;
import dev.leanforge.trainer.rl.Advantages;
import dev.leanforge.trainer.rl.GrpoObjective;
import dev.leanforge.trainer.rl.GrpoOptions;
import dev.leanforge.trainer.rl.RlSample;
import dev.leanforge.trainer.rl.RlSamples;
import dev.leanforge.trainer.rl.TokenLogProbs;
import dev.leanforge.trainer.training.TrainingLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GRPO's objective on a Hugging Face model: the whole next-token distribution (entropy) is there as for the GPT. */
class HfGrpoTest {

    private static final List<TokenSequence> GROUP = List.of(
            new TokenSequence(new int[] {5, 6, 7, 8, 9}, 2),
            new TokenSequence(new int[] {5, 6, 10, 11}, 2),
            new TokenSequence(new int[] {5, 6, 12, 13, 14, 15}, 2));

    @Test
    void logSoftmaxAtAgreesWithTargetLogProbsAndGrpoReportsTheEntropy() {
        HfConfig config = HfConfig.parse(HfTiny.qwen3());
        try (HfModel model = HfModel.fromTensors(config, HfTiny.randomTensors(config, 3), Device.cpu())) {
            PaddedBatch padded = PaddedBatch.of(GROUP, 0);
            GradientMode.withoutGradients(() -> {
                try (NDManager scope = model.newScope()) {
                    NDArray all = TokenLogProbs.logSoftmax(model, padded, scope);
                    assertThat(all.getShape().get(1)).isEqualTo(config.vocabSize());
                    float[] viaAll = TokenLogProbs.targets(all, padded, scope).toFloatArray();
                    float[] direct = model.targetLogProbs(padded.inputs(scope), padded.scoredPositions(scope),
                            padded.scoredTargets(scope)).toFloatArray();
                    assertThat(viaAll).containsExactly(direct, within(1e-5f));
                }
                return null;
            });
            List<RlSample> samples = RlSamples.build(GROUP, Advantages.of(new double[] {1, 0, 1}, false), model,
                    null, 4, 0);
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            try (NDManager scope = model.newScope()) {
                TrainingLoop.BatchLoss loss = new GrpoObjective(GrpoOptions.DEFAULTS, 0).loss(model, samples, scope);
                assertThat(loss.metrics().get(GrpoObjective.CLIP_FRACTION).getFloat()).isZero();
                assertThat(loss.metrics().get(GrpoObjective.TOKENS).getFloat()).isEqualTo(9f);
                // An entropy over the whole vocabulary: above 0, at most log(vocab).
                assertThat(loss.metrics().get(GrpoObjective.ENTROPY).getFloat()).isPositive()
                        .isLessThanOrEqualTo((float) Math.log(config.vocabSize()) + 1e-4f);
                assertThat(loss.loss().getFloat()).isFinite();
            }
        }
    }
}
