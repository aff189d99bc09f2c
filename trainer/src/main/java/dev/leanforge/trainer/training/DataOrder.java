package dev.leanforge.trainer.training;

import java.util.Random;

/**
 * Which examples each step trains on: every epoch visits all examples once in an order shuffled from
 * {@code (seed, epoch)}, in consecutive batches (the last one of an epoch may be smaller). Because the order is a
 * pure function of the step number, a resumed run only needs the step to continue exactly where it stopped.
 */
public final class DataOrder {

    private final int examples;
    private final int batchSize;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] cachedPermutation;

    public DataOrder(int examples, int batchSize, long seed) {
        if (examples <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("need examples and a positive batch size");
        }
        this.examples = examples;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public int stepsPerEpoch() {
        return (examples + batchSize - 1) / batchSize;
    }

    /** 0-based epoch of the 0-based step index {@code step}. */
    public long epoch(long step) {
        return step / stepsPerEpoch();
    }

    /** Indices of the examples for the 0-based step index {@code step}. */
    public int[] batch(long step) {
        int[] order = permutation(epoch(step));
        int start = (int) (step % stepsPerEpoch()) * batchSize;
        int end = Math.min(start + batchSize, examples);
        int[] out = new int[end - start];
        System.arraycopy(order, start, out, 0, out.length);
        return out;
    }

    private int[] permutation(long epoch) {
        if (epoch != cachedEpoch) {
            int[] p = new int[examples];
            for (int i = 0; i < examples; i++) {
                p[i] = i;
            }
            // Fisher–Yates with a generator derived from (seed, epoch) only.
            Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = examples - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            cachedPermutation = p;
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }
}
