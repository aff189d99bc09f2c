package dev.leanforge.trainer.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.leanforge.trainer.model.CausalLm;
import java.util.Arrays;
import java.util.List;

/**
 * Sequences right-padded to the longest one and shifted for next-token prediction: position {@code t} of row
 * {@code b} reads {@code inputs[b, t]} and is scored on {@code targets[b, t]} when {@code mask[b, t] = 1}, that is
 * when the target is a completion token (never a prompt or padding token).
 *
 * @param rows batch size
 * @param length positions per row (the longest sequence minus one)
 * @param maskedTokens number of 1s in the mask: the tokens a loss averages over
 * @param realTokens positions holding a real token rather than padding: the useful work of a forward pass
 */
public record PaddedBatch(
        int rows, int length, long[] inputs, long[] targets, float[] mask, int maskedTokens, int realTokens) {

    public static PaddedBatch of(List<TokenSequence> sequences, int padId) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int longest = sequences.stream().mapToInt(TokenSequence::length).max().orElseThrow();
        int rows = sequences.size();
        int length = longest - 1;
        long[] inputs = new long[rows * length];
        long[] targets = new long[rows * length];
        float[] mask = new float[rows * length];
        Arrays.fill(inputs, padId);
        Arrays.fill(targets, padId);
        int masked = 0;
        int real = 0;
        for (int b = 0; b < rows; b++) {
            TokenSequence s = sequences.get(b);
            real += s.length() - 1;
            for (int t = 0; t < s.length() - 1; t++) {
                int i = b * length + t;
                inputs[i] = s.id(t);
                targets[i] = s.id(t + 1);
                if (t + 1 >= s.completionStart()) {
                    mask[i] = 1f;
                    masked++;
                }
            }
        }
        return new PaddedBatch(rows, length, inputs, targets, mask, masked, real);
    }

    public NDArray inputs(NDManager manager) {
        return manager.create(inputs, new Shape(rows, length));
    }


    /** Flat indices {@code b · length + t} of the scored positions, in row-major order: {@code (maskedTokens)}. */
    public NDArray scoredPositions(NDManager manager) {
        long[] positions = new long[maskedTokens];
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 1f) {
                positions[n++] = i;
            }
        }
        return manager.create(positions);
    }

    /** The target token at each scored position: {@code (maskedTokens)}. */
    public NDArray scoredTargets(NDManager manager) {
        long[] scored = new long[maskedTokens];
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 1f) {
                scored[n++] = targets[i];
            }
        }
        return manager.create(scored);
    }

    /**
     * {@code (rows, maskedTokens)} with a 1 where a scored position belongs to a row: multiplying it with per-position
     * values sums them per row.
     */
    public NDArray rowSelector(NDManager manager) {
        float[] selector = new float[rows * maskedTokens];
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 1f) {
                selector[(i / length) * maskedTokens + n++] = 1f;
            }
        }
        return manager.create(selector, new Shape(rows, maskedTokens));
    }

    /** Log-probabilities of the scored targets, {@code (maskedTokens)}, in the order of {@link #scoredPositions}. */
    public NDArray scoredLogProbs(CausalLm model, NDManager manager) {
        return model.targetLogProbs(inputs(manager), scoredPositions(manager), scoredTargets(manager));
    }
}
