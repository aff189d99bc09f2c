package dev.leanforge.trainer.rl;

import dev.leanforge.trainer.batch.TokenSequence;
import java.util.Objects;

/**
 * One sampled completion as a policy-gradient example: its tokens, its advantage, and per completion token the
 * log-probability under the policy that sampled it ({@code old}, recomputed by the trainer before the first update,
 * never taken from a sampling server) and under the reference model ({@code reference}, null when no KL term is used).
 *
 * @param oldLogProbs       {@code completionLength} values, in token order
 * @param referenceLogProbs {@code completionLength} values, or null
 */
public record RlSample(TokenSequence sequence, double advantage, float[] oldLogProbs, float[] referenceLogProbs) {

    public RlSample {
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(oldLogProbs, "oldLogProbs");
        if (oldLogProbs.length != sequence.completionLength()) {
            throw new IllegalArgumentException(oldLogProbs.length + " old log-probs for "
                    + sequence.completionLength() + " completion tokens");
        }
        if (referenceLogProbs != null && referenceLogProbs.length != sequence.completionLength()) {
            throw new IllegalArgumentException(referenceLogProbs.length + " reference log-probs for "
                    + sequence.completionLength() + " completion tokens");
        }
        if (!Double.isFinite(advantage)) {
            throw new IllegalArgumentException("advantage must be finite, got " + advantage);
        }
    }
}
