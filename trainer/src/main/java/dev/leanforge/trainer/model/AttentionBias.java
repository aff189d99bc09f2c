package dev.leanforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention biases: 0 where a query may look at a key, {@link #BLOCKED} where it may not.
 *
 * <p>A large finite number rather than -inf: {@code exp} underflows to exactly 0 either way, but a row whose keys
 * are all blocked (a left-padding position) then yields finite values instead of NaN, and NaN would leak into the
 * real positions through {@code 0 · NaN} in the next layer.
 */
public final class AttentionBias {

    static final float BLOCKED = -1e9f;

    private AttentionBias() {}

    /**
     * The causal bias for {@code queries} new positions after {@code keys - queries} cached ones: query {@code i}
     * sees keys {@code 0 … keys - queries + i}. With {@code leftPadding}, key {@code j < leftPadding[b]} of row
     * {@code b} is blocked too.
     *
     * @return {@code (1, 1, queries, keys)} without padding, {@code (batch, 1, queries, keys)} with it
     */
    public static NDArray causal(NDManager manager, int queries, int keys, int[] leftPadding) {
        if (queries > keys) {
            throw new IllegalArgumentException(queries + " queries cannot attend to only " + keys + " keys");
        }
        int rows = leftPadding == null ? 1 : leftPadding.length;
        float[] bias = new float[rows * queries * keys];
        int offset = keys - queries;
        for (int b = 0; b < rows; b++) {
            int firstKey = leftPadding == null ? 0 : leftPadding[b];
            for (int i = 0; i < queries; i++) {
                int base = (b * queries + i) * keys;
                for (int j = 0; j < keys; j++) {
                    if (j > offset + i || j < firstKey) {
                        bias[base + j] = BLOCKED;
                    }
                }
            }
        }
        return manager.create(bias, new Shape(rows, 1, queries, keys));
    }
}
