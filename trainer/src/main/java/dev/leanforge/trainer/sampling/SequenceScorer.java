package dev.leanforge.trainer.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.leanforge.trainer.batch.PaddedBatch;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.device.GradientMode;
import dev.leanforge.trainer.model.CausalLm;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequence log-probabilities: {@code log p(completion | context) = Σ_t log p(x_t | x_<t)} over the completion
 * tokens. Used to score proofs, to rank search candidates and by DPO.
 */
public final class SequenceScorer {

    /** A completion's summed log-probability and how many tokens it has. */
    public record Score(double logProb, int tokens) {}

    private SequenceScorer() {}

    /**
     * Per-row sums of completion log-probabilities, {@code (rows)}, attached to {@code scope}; differentiable when
     * gradients are being recorded.
     */
    public static NDArray completionLogProbs(CausalLm model, PaddedBatch batch, NDManager scope) {
        return batch.rowSelector(scope).matMul(batch.scoredLogProbs(model, scope));
    }

    /**
     * The log-probability of every completion token (and end token) of every sequence, {@code batchSize} at a time,
     * without recording gradients: {@code result.get(i)[j]} is that of token {@code completionStart + j} of sequence
     * {@code i}, and the sum of a row is its {@link #score}.
     */
    public static List<double[]> tokenLogProbs(CausalLm model, List<TokenSequence> sequences, int batchSize,
            int padId) {
        return GradientMode.withoutGradients(() -> {
            List<double[]> out = new ArrayList<>(sequences.size());
            for (int from = 0; from < sequences.size(); from += batchSize) {
                List<TokenSequence> chunk = sequences.subList(from, Math.min(from + batchSize, sequences.size()));
                try (NDManager scope = model.newScope()) {
                    float[] flat = PaddedBatch.of(chunk, padId).scoredLogProbs(model, scope).toFloatArray();
                    int n = 0;
                    for (TokenSequence s : chunk) {
                        double[] row = new double[s.completionLength()];
                        for (int j = 0; j < row.length; j++) {
                            row[j] = flat[n++];
                        }
                        out.add(row);
                    }
                }
            }
            return out;
        });
    }

    /** Scores every sequence, {@code batchSize} at a time, without recording gradients. */
    public static List<Score> score(CausalLm model, List<TokenSequence> sequences, int batchSize, int padId) {
        return GradientMode.withoutGradients(() -> {
            List<Score> out = new ArrayList<>(sequences.size());
            for (int from = 0; from < sequences.size(); from += batchSize) {
                List<TokenSequence> chunk = sequences.subList(from, Math.min(from + batchSize, sequences.size()));
                try (NDManager scope = model.newScope()) {
                    float[] sums = completionLogProbs(model, PaddedBatch.of(chunk, padId), scope).toFloatArray();
                    for (int i = 0; i < chunk.size(); i++) {
                        out.add(new Score(sums[i], chunk.get(i).completionLength()));
                    }
                }
            }
            return out;
        });
    }
}
