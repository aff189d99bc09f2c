package dev.leanforge.trainer.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times the matrix products of one training step on their own, with the same shapes and the same kernels as the
 * step, and nothing else. No training step can be faster, so {@link Result#tokensPerSecondBound} is an upper bound
 * on {@link TrainBenchmark}'s speed on this machine: it tells whether a target is reachable at all.
 */
public final class MatrixProductBound {

    /**
     * @param gflopPerStep floating-point operations of the products of one step (forward and backward), in 1e9
     * @param bestMillis the fastest repetition
     * @param medianMillis the median repetition
     */
    public record Result(int tokensPerStep, double gflopPerStep, double bestMillis, double medianMillis) {

        /** Tokens/s if a step took only its matrix products, at their best time. */
        public double tokensPerSecondBound() {
            return tokensPerStep / (bestMillis / 1000);
        }

        /** Rate of the products at their best time. */
        public double gflopPerSecond() {
            return gflopPerStep / (bestMillis / 1000);
        }
    }

    private MatrixProductBound() {}

    /** {@code warmup} untimed and {@code repetitions} timed passes over the products of a step on batch × context. */
    public static Result measure(ModelConfig config, int batch, Device device, int warmup, int repetitions) {
        int rows = batch * config.context();
        int c = config.width();
        try (NDManager manager = Compute.engine().newBaseManager(device)) {
            List<NDArray[]> products = new ArrayList<>();
            double flop = 0;
            // Each linear layer (in -> out over all rows): forward X·Wᵀ, input gradient dY·W, weight gradient dYᵀ·X.
            int[][] linears = {{c, 3 * c}, {c, c}, {c, config.mlpWidth()}, {config.mlpWidth(), c}};
            for (int[] io : linears) {
                flop += config.layers() * addLinear(manager, products, rows, io[0], io[1], config.layers());
            }
            flop += addLinear(manager, products, rows, c, config.vocabSize(), 1);
            // Attention per layer: forward Q·Kᵀ and A·V; backward dA = dY·Vᵀ, dV = Aᵀ·dY, dQ = dS·K, dK = dSᵀ·Q.
            long heads = (long) batch * config.heads();
            int t = config.context();
            NDArray q = manager.randomNormal(new Shape(heads, t, config.headDim()));
            NDArray scores = manager.randomNormal(new Shape(heads, t, t));
            for (int layer = 0; layer < config.layers(); layer++) {
                for (int i = 0; i < 2; i++) {
                    products.add(new NDArray[] {q, q.transpose(0, 2, 1)});
                }
                products.add(new NDArray[] {scores, q});
                products.add(new NDArray[] {scores.transpose(0, 2, 1), q});
                products.add(new NDArray[] {scores, q});
                products.add(new NDArray[] {scores.transpose(0, 2, 1), q});
                flop += 6 * 2.0 * heads * t * t * config.headDim();
            }
            double[] millis = new double[repetitions];
            for (int rep = -warmup; rep < repetitions; rep++) {
                long started = System.nanoTime();
                try (NDManager scope = manager.newSubManager()) {
                    for (NDArray[] p : products) {
                        p[0].matMul(p[1]).attach(scope);
                    }
                }
                if (rep >= 0) {
                    millis[rep] = (System.nanoTime() - started) / 1e6;
                }
            }
            Arrays.sort(millis);
            return new Result(rows, flop / 1e9, millis[0], millis[repetitions / 2]);
        }
    }

    /** Adds the three products of a linear layer {@code times} times; returns the operations of one set. */
    private static double addLinear(NDManager manager, List<NDArray[]> products, int rows, int in, int out,
            int times) {
        NDArray x = manager.randomNormal(new Shape(rows, in));
        NDArray w = manager.randomNormal(new Shape(out, in));
        NDArray dy = manager.randomNormal(new Shape(rows, out));
        for (int i = 0; i < times; i++) {
            products.add(new NDArray[] {x, w.transpose()});
            products.add(new NDArray[] {dy, w});
            products.add(new NDArray[] {dy.transpose(), x});
        }
        return 3 * 2.0 * rows * in * out;
    }
}
