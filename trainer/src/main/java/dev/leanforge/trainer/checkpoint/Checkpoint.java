package dev.leanforge.trainer.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model directory in the Hugging Face layout: {@code config.json} ({@link ModelConfig}), {@code model.safetensors}
 * (the tensors of {@link GptModel#parameterShapes}) and, when the model came with one, {@code tokenizer.json}.
 */
public final class Checkpoint {

    public static final String CONFIG = ModelConfig.FILE_NAME;
    public static final String WEIGHTS = "model.safetensors";
    public static final String TOKENIZER = "tokenizer.json";

    private Checkpoint() {}

    /**
     * Writes the model into {@code dir} (created if needed).
     *
     * @param tokenizer a {@code tokenizer.json} to copy alongside, or null
     */
    public static void save(GptModel model, Path dir, Path tokenizer) throws IOException {
        Files.createDirectories(dir);
        model.config().write(dir.resolve(CONFIG));
        Map<String, Shape> shapes = GptModel.parameterShapes(model.config());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.toTensors().forEach((name, values) -> tensors.put(name, new Tensor(shapes.get(name).getShape(), values)));
        Safetensors.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
        if (tokenizer != null) {
            Path target = dir.resolve(TOKENIZER);
            if (!Files.exists(target) || !Files.isSameFile(tokenizer, target)) {
                Files.copy(tokenizer, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    public static ModelConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no config.json: is this a model directory?");
        }
        return ModelConfig.read(file);
    }

    /** Loads the model of {@code dir} onto {@code device}. */
    public static GptModel load(Path dir, Device device) throws IOException {
        ModelConfig config = readConfig(dir);
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new NoSuchFileException(weights.toString(), null, "no model.safetensors next to config.json");
        }
        Map<String, Tensor> tensors = Safetensors.read(weights);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Shape expected = GptModel.parameterShapes(config).get(e.getKey());
            if (expected != null && !Arrays.equals(expected.getShape(), e.getValue().shape())) {
                throw new IOException(weights + ": tensor " + e.getKey() + " has shape "
                        + Arrays.toString(e.getValue().shape()) + " but config.json implies " + expected);
            }
            values.put(e.getKey(), e.getValue().values());
        }
        try {
            return GptModel.fromTensors(config, values, device);
        } catch (IllegalArgumentException e) {
            throw new IOException(weights + ": " + e.getMessage(), e);
        }
    }

    /** The directory's {@code tokenizer.json}, when it has one. */
    public static Optional<Path> tokenizer(Path dir) {
        Path file = dir.resolve(TOKENIZER);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
