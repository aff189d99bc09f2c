package dev.leanforge.trainer.device;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs code with PyTorch's autograd recording off. PyTorch keeps this flag per thread and DJL only clears it on the
 * thread that started the engine, so inference on any other thread would otherwise build (and hold) a graph for
 * every parameter that requires a gradient.
 */
public final class GradientMode {

    private GradientMode() {}

    public static <T> T withoutGradients(Supplier<T> body) {
        Compute.engine();
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}
