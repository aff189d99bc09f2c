package dev.leanforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of every position seen so far, per layer, each {@code (batch, heads, positions, headDim)} ({@code heads} counts the key/value heads, fewer than the query heads under grouped-query attention), so
 * that decoding feeds one new token per step instead of the whole sequence. Owns its tensors: close it (or the
 * manager it was made from) when generation ends.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;

    /** An empty cache for {@code layers} layers whose tensors live in a sub-manager of {@code scope}. */
    public KvCache(NDManager scope, int layers) {
        this.manager = scope.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Positions cached so far (0 before the first forward pass). */
    public long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    /** Appends the new positions of one layer and returns {keys, values} over all positions. */
    public NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
        keys[layer] = extend(keys[layer], newKeys);
        values[layer] = extend(values[layer], newValues);
        return new NDArray[] {keys[layer], values[layer]};
    }

    private NDArray extend(NDArray old, NDArray fresh) {
        if (old == null) {
            NDArray copy = fresh.duplicate();
            copy.attach(manager);
            return copy;
        }
        NDArray joined = NDArrays.concat(new NDList(old, fresh), 2);
        old.close();
        return joined;
    }

    @Override
    public void close() {
        manager.close();
    }
}
