package dev.leanforge.trainer.device;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd recording off for a scope. PyTorch keeps this flag per thread and DJL only clears it on
 * the thread that started the engine, so inference on any other thread would otherwise build (and hold) a graph for
 * every parameter that requires a gradient.
 */
public final class GradientMode implements AutoCloseable {

    private final boolean previous;

    private GradientMode(boolean enabled) {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    public static GradientMode disabled() {
        Compute.engine();
        return new GradientMode(false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
