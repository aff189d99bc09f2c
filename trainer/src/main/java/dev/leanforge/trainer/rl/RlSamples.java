package dev.leanforge.trainer.rl;

import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.model.CausalLm;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link RlSample}s: the old policy's (and the reference's) per-token log-probs, computed here. */
public final class RlSamples {

    private RlSamples() {}

    /**
     * @param policy    the policy that sampled the sequences (its log-probs are the ratio's denominator)
     * @param reference the KL reference, or null for none
     */
    public static List<RlSample> build(List<TokenSequence> sequences, double[] advantages, CausalLm policy,
            CausalLm reference, int batchSize, int padId) {
        if (sequences.size() != advantages.length) {
            throw new IllegalArgumentException(sequences.size() + " sequences, " + advantages.length + " advantages");
        }
        List<float[]> old = TokenLogProbs.of(policy, sequences, batchSize, padId);
        List<float[]> ref = reference == null ? null : TokenLogProbs.of(reference, sequences, batchSize, padId);
        List<RlSample> out = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            out.add(new RlSample(sequences.get(i), advantages[i], old.get(i), ref == null ? null : ref.get(i)));
        }
        return out;
    }
}
