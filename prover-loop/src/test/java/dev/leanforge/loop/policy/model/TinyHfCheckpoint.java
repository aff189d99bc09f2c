package dev.leanforge.loop.policy.model;

import ai.djl.Device;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.HfConfig;
import dev.leanforge.trainer.hf.HfModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Hugging Face checkpoints with random weights, for tests: tiny models that load, sample and train in moments. */
public final class TinyHfCheckpoint {

    private TinyHfCheckpoint() {}

    /**
     * Writes a model of {@code config} into {@code dir} ({@code config.json} and the weights; tokenizer files are the
     * caller's): every norm weight 1, every other weight 0.2 · N(0, 1), drawn from {@code new Random(seed)} in
     * {@link HfModel#parameterShapes} order, so the same config and seed give the same model.
     */
    public static Path save(HfConfig config, long seed, Path dir) throws IOException {
        Random random = new Random(seed);
        Map<String, float[]> weights = new LinkedHashMap<>();
        HfModel.parameterShapes(config).forEach((name, shape) -> {
            float[] v = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (name.endsWith("norm.weight") ? 1 : 0.2 * random.nextGaussian());
            }
            weights.put(name, v);
        });
        try (HfModel model = HfModel.fromTensors(config, weights, Device.cpu())) {
            HfCheckpoint.save(model, dir, null);
        }
        return dir;
    }
}
