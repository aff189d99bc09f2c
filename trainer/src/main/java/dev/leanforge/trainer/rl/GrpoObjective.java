package dev.leanforge.trainer.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.leanforge.trainer.batch.PaddedBatch;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.training.TrainingLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GRPO as a {@link TrainingLoop.Objective}: the clipped, token-normalised surrogate of {@link GrpoLoss} over a batch
 * of {@link RlSample}s, whose old (and reference) log-probabilities were computed before training. Several update
 * epochs over the same samples are several passes of the loop ({@code epochs} of {@code RunOptions}); the old
 * log-probabilities stay those of the policy that sampled, so later passes are off-policy and the clip applies.
 *
 * <p>Step metrics: {@code clip_fraction}, {@code kl} (mean k3 to the reference, 0 without one), {@code entropy} (mean
 * entropy of the next-token distribution over the completion tokens, from {@link CausalLm#logSoftmaxAt}, so for every
 * model: our GPT and the Hugging Face ones alike) and {@code tokens}.
 */
public final class GrpoObjective implements TrainingLoop.Objective<RlSample> {

    public static final String CLIP_FRACTION = "clip_fraction";
    public static final String KL = "kl";
    public static final String ENTROPY = "entropy";
    public static final String TOKENS = "tokens";

    private final GrpoOptions options;
    private final int padId;

    public GrpoObjective(GrpoOptions options, int padId) {
        this.options = options;
        this.padId = padId;
    }

    @Override
    public String name() {
        return "grpo";
    }

    @Override
    public TrainingLoop.BatchLoss loss(CausalLm model, List<RlSample> batch, NDManager scope) {
        List<TokenSequence> sequences = new ArrayList<>(batch.size());
        batch.forEach(s -> sequences.add(s.sequence()));
        PaddedBatch padded = PaddedBatch.of(sequences, padId);
        int n = padded.maskedTokens();
        float[] advantage = new float[n];
        float[] old = new float[n];
        boolean withReference = batch.stream().allMatch(s -> s.referenceLogProbs() != null);
        float[] reference = withReference ? new float[n] : null;
        int at = 0;
        for (RlSample s : batch) {
            int length = s.sequence().completionLength();
            for (int t = 0; t < length; t++) {
                advantage[at + t] = (float) s.advantage();
            }
            System.arraycopy(s.oldLogProbs(), 0, old, at, length);
            if (withReference) {
                System.arraycopy(s.referenceLogProbs(), 0, reference, at, length);
            }
            at += length;
        }
        if (options.klBeta() > 0 && !withReference) {
            throw new IllegalArgumentException("a KL weight needs reference log-probs for every sample");
        }
        NDArray all = TokenLogProbs.logSoftmax(model, padded, scope);
        NDArray logProbs = TokenLogProbs.targets(all, padded, scope);
        GrpoLoss.Terms terms = GrpoLoss.of(logProbs, scope.create(old), scope.create(advantage),
                withReference ? scope.create(reference) : null, options);
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put(CLIP_FRACTION, terms.clipFraction());
        metrics.put(KL, terms.kl());
        metrics.put(ENTROPY, all.exp().mul(all).sum(new int[] {-1}).neg().mean());
        metrics.put(TOKENS, GptModel.scalar(logProbs, n));
        return new TrainingLoop.BatchLoss(terms.loss(), padded.realTokens(), metrics);
    }

    /** Nothing is held out: a policy-gradient stage is judged by the evaluation campaigns, not a loss. */
    @Override
    public Map<String, Double> evaluate(CausalLm model, List<RlSample> examples) {
        return Map.of();
    }
}
