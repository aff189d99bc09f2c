package dev.leanforge.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.leanforge.trainer.checkpoint.Tensor;
import dev.leanforge.trainer.model.GptModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) with clipping by the global gradient norm, holding its moments in tensors we own
 * so that they can be saved and restored for an exact resume. DJL's own {@code AdamW} keeps them private.
 *
 * <p>The update itself is DJL's fused native {@code adamUpdate} in its decoupled mode: {@code w -= lr · wd · w},
 * {@code m = β1 m + (1-β1) g}, {@code v = β2 v + (1-β2) g²},
 * {@code w -= lr · sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + ε)}, with {@code g} the clipped gradient. (ε sits outside
 * the bias correction of {@code v}, the "efficient" form of Kingma and Ba's Algorithm 1.)
 */
public final class AdamW implements AutoCloseable {

    private final NDManager manager;
    private final List<Slot> slots = new ArrayList<>();
    private final Hyperparameters hp;
    private long step;

    private record Slot(String name, NDArray weight, NDArray mean, NDArray variance, float weightDecay) {}

    public AdamW(GptModel model, Hyperparameters hp) {
        this(model.parameters(), model.newScope(), hp);
    }

    /**
     * Optimises {@code parameters} (only these: a frozen tensor is simply not passed), keeping its moments in
     * {@code manager}, which it closes.
     */
    public AdamW(Map<String, NDArray> parameters, NDManager manager, Hyperparameters hp) {
        this.hp = hp;
        this.manager = manager;
        parameters.forEach((name, weight) -> {
            // Decay matrices and embeddings only; decaying gains, biases and norms hurts and is not standard.
            float decay = weight.getShape().dimension() >= 2 ? (float) hp.weightDecay() : 0f;
            slots.add(new Slot(name, weight, manager.zeros(weight.getShape()), manager.zeros(weight.getShape()),
                    decay));
        });
    }

    /** Updates taken so far. */
    public long step() {
        return step;
    }

    /**
     * Clips, applies one update at {@code learningRate} and zeroes the gradients.
     *
     * @return the global gradient norm before clipping
     */
    public double update(double learningRate) {
        // Gradient handles and everything computed from them live in this scope, not in the parameters' manager.
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> gradients = new ArrayList<>(slots.size());
            for (Slot s : slots) {
                NDArray gradient = s.weight.getGradient();
                gradient.attach(scope);
                gradients.add(gradient);
            }
            double norm = globalNorm(gradients);
            float rescale = hp.maxGradNorm() > 0 && norm > hp.maxGradNorm()
                    ? (float) (hp.maxGradNorm() / (norm + 1e-6)) : 1f;
            step++;
            double correction = Math.sqrt(1 - Math.pow(hp.beta2(), step)) / (1 - Math.pow(hp.beta1(), step));
            for (int i = 0; i < slots.size(); i++) {
                Slot s = slots.get(i);
                s.weight.getNDArrayInternal().adamUpdate(
                        new NDList(s.weight, gradients.get(i), s.mean, s.variance), new NDList(s.weight),
                        (float) learningRate, (float) (learningRate * correction), s.weightDecay, rescale,
                        -1f /* no per-element clipping */, (float) hp.beta1(), (float) hp.beta2(),
                        (float) hp.epsilon(), false, true);
                JniUtils.zeroGrad((PtNDArray) s.weight);
            }
            return norm;
        }
    }

    /** Discards accumulated gradients without updating (e.g. after a failed step). */
    public void zeroGradients() {
        slots.forEach(s -> JniUtils.zeroGrad((PtNDArray) s.weight));
    }

    private static double globalNorm(List<NDArray> gradients) {
        NDList squares = new NDList(gradients.size());
        for (NDArray g : gradients) {
            squares.add(g.square().sum());
        }
        return Math.sqrt(NDArrays.stack(squares).sum().getFloat());
    }

    /** Moments under {@code exp_avg.<name>} and {@code exp_avg_sq.<name>} (PyTorch's state names). */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Slot s : slots) {
            long[] shape = s.weight.getShape().getShape();
            out.put("exp_avg." + s.name, new Tensor(shape, s.mean.toFloatArray()));
            out.put("exp_avg_sq." + s.name, new Tensor(shape, s.variance.toFloatArray()));
        }
        return out;
    }

    /** Restores moments saved by {@link #state} and the step count saved with them. */
    public void restore(Map<String, Tensor> state, long steps) {
        for (Slot s : slots) {
            s.mean.set(require(state, "exp_avg." + s.name, s).values());
            s.variance.set(require(state, "exp_avg_sq." + s.name, s).values());
        }
        this.step = steps;
    }

    private static Tensor require(Map<String, Tensor> state, String key, Slot s) {
        Tensor t = state.get(key);
        if (t == null || t.values().length != s.weight.getShape().size()) {
            throw new IllegalArgumentException("optimizer state lacks a matching " + key);
        }
        return t;
    }

    @Override
    public void close() {
        manager.close();
    }
}
