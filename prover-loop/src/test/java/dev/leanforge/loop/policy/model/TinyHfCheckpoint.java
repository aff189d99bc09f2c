package dev.leanforge.loop.policy.model;

import ai.djl.Device;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.HfConfig;
import dev.leanforge.trainer.hf.HfModel;
import dev.leanforge.trainer.hf.PromptTemplate;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.nio.file.Files;
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

    /**
     * A one-layer Qwen2 model directory in {@code dir} that shares {@code tokenizer} (a {@code tokenizer.json}, e.g.
     * of a {@link TinyCheckpoint}): vocabulary sized to it, end id 3, weights from seed 3, and the DeepSeek-Prover
     * prompt template.
     */
    static Path qwen2(Path dir, Path tokenizer) throws IOException {
        int vocab = BpeTokenizer.load(tokenizer).vocabSize();
        HfConfig config = HfConfig.parse("{\"model_type\": \"qwen2\", \"vocab_size\": " + vocab
                + ", \"hidden_size\": 32, \"intermediate_size\": 48, \"num_hidden_layers\": 1,"
                + " \"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"max_position_embeddings\": 96,"
                + " \"rope_theta\": 10000.0, \"rms_norm_eps\": 1e-6, \"tie_word_embeddings\": true,"
                + " \"eos_token_id\": 3}");
        save(config, 3, dir);
        Files.copy(tokenizer, dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve(PromptTemplate.FILE_NAME), PromptTemplate.DEEPSEEK_PROVER.text());
        return dir;
    }
}
