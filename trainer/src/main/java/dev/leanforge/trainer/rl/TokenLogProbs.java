package dev.leanforge.trainer.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.leanforge.trainer.batch.PaddedBatch;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.device.GradientMode;
import dev.leanforge.trainer.model.CausalLm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-token log-probabilities of completions: the policy-gradient objective's {@code log π}, and, computed by the
 * trainer from a model on disk (never taken from the server that sampled), the old policy's and the reference's.
 * Both use {@link #logSoftmax}, so the ratio of the first update is 1 up to rounding.
 */
public final class TokenLogProbs {

    private TokenLogProbs() {}

    /**
     * {@code (maskedTokens, vocab)} log-softmax at the batch's scored positions, in {@link PaddedBatch#scoredPositions}
     * order (row by row, each row's completion tokens in order); differentiable when gradients are recorded.
     */
    public static NDArray logSoftmax(CausalLm model, PaddedBatch batch, NDManager scope) {
        return model.logSoftmaxAt(batch.inputs(scope), batch.scoredPositions(scope));
    }

    /** {@code (maskedTokens)}: the log-probability of each scored target, from {@link #logSoftmax}'s output. */
    public static NDArray targets(NDArray logSoftmax, PaddedBatch batch, NDManager scope) {
        return logSoftmax.gather(batch.scoredTargets(scope).expandDims(-1), -1).squeeze(-1);
    }

    /** Each sequence's completion-token log-probabilities, {@code batchSize} sequences at a time, no gradients. */
    public static List<float[]> of(CausalLm model, List<TokenSequence> sequences, int batchSize, int padId) {
        return GradientMode.withoutGradients(() -> {
            List<float[]> out = new ArrayList<>(sequences.size());
            for (int from = 0; from < sequences.size(); from += batchSize) {
                List<TokenSequence> chunk = sequences.subList(from, Math.min(from + batchSize, sequences.size()));
                try (NDManager scope = model.newScope()) {
                    PaddedBatch padded = PaddedBatch.of(chunk, padId);
                    float[] all = targets(logSoftmax(model, padded, scope), padded, scope).toFloatArray();
                    int at = 0;
                    for (TokenSequence s : chunk) {
                        out.add(Arrays.copyOfRange(all, at, at + s.completionLength()));
                        at += s.completionLength();
                    }
                }
            }
            return out;
        });
    }
}
