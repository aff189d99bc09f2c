package dev.leanforge.trainer.checkpoint;

import java.util.Arrays;

/** A float32 tensor on the JVM heap: row-major values and their shape. */
public record Tensor(long[] shape, float[] values) {

    public Tensor {
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + size + " values, got " + values.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
