package dev.leanforge.trainer.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sizes of the decoder, stored as a Hugging Face style {@code config.json} with GPT-2's key names so that the file
 * reads naturally next to the safetensors weights (see {@code docs/model.md}).
 *
 * @param layers transformer blocks ({@code n_layer})
 * @param heads attention heads per block ({@code n_head}); must divide {@code width}
 * @param width residual stream width ({@code n_embd}); the MLP is {@code 4 × width} wide
 * @param context longest sequence, the number of learned positions ({@code n_positions})
 * @param vocabSize token ids {@code 0 … vocabSize-1} ({@code vocab_size})
 * @param tieEmbeddings whether the output projection reuses the token embedding ({@code tie_word_embeddings})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"model_type", "architectures", "n_layer", "n_head", "n_embd", "n_inner", "n_positions",
    "vocab_size", "tie_word_embeddings", "layer_norm_epsilon", "activation_function", "torch_dtype"})
public record ModelConfig(
        @JsonProperty("n_layer") int layers,
        @JsonProperty("n_head") int heads,
        @JsonProperty("n_embd") int width,
        @JsonProperty("n_positions") int context,
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("tie_word_embeddings") boolean tieEmbeddings) {

    public static final String FILE_NAME = "config.json";
    public static final float LAYER_NORM_EPSILON = 1e-5f;

    // The largest sizes a fresh model may be given: far beyond what this trainer is for, yet small enough that a
    // slip of the keyboard cannot ask for an allocation no machine has (the CLI's limits use them too).
    public static final int MAX_LAYERS = 64;
    public static final int MAX_HEADS = 64;
    public static final int MAX_WIDTH = 8_192;
    public static final int MAX_CONTEXT = 16_384;
    public static final int MAX_VOCAB = 262_144;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonCreator
    public ModelConfig {
        requirePositive("n_layer", layers);
        requirePositive("n_head", heads);
        requirePositive("n_embd", width);
        requirePositive("n_positions", context);
        requirePositive("vocab_size", vocabSize);
        if (width % heads != 0) {
            throw new IllegalArgumentException(
                    "n_embd (" + width + ") must be a multiple of n_head (" + heads + ")");
        }
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }

    public int headDim() {
        return width / heads;
    }

    @JsonProperty("n_inner")
    public int mlpWidth() {
        return 4 * width;
    }

    @JsonProperty("model_type")
    String modelType() {
        return "leanforge-gpt";
    }

    @JsonProperty("architectures")
    List<String> architectures() {
        return List.of("LeanforgeGptForCausalLM");
    }

    @JsonProperty("layer_norm_epsilon")
    float layerNormEpsilon() {
        return LAYER_NORM_EPSILON;
    }

    @JsonProperty("activation_function")
    String activation() {
        return "gelu";
    }

    @JsonProperty("torch_dtype")
    String dtype() {
        return "float32";
    }

    public ModelConfig withVocabSize(int newVocabSize) {
        return new ModelConfig(layers, heads, width, context, newVocabSize, tieEmbeddings);
    }

    /** Trainable scalars; the tied output projection is counted once. */
    public long parameterCount() {
        long w = width;
        long perLayer = 2 * w + (3 * w * w + 3 * w) + (w * w + w) + 2 * w + (4 * w * w + 4 * w) + (4 * w * w + w);
        long embeddings = (long) vocabSize * w + (long) context * w;
        long head = tieEmbeddings ? 0 : (long) vocabSize * w;
        return embeddings + layers * perLayer + 2 * w + head;
    }

    public static ModelConfig read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), ModelConfig.class);
        } catch (IOException | RuntimeException e) {
            throw notAConfig(file, e);
        }
    }

    /** The sizes a fresh model needs, with their largest; a {@code config.json} for one may leave out vocab_size. */
    private static final Map<String, Integer> SIZES = sizes();

    private static Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("n_layer", MAX_LAYERS);
        sizes.put("n_head", MAX_HEADS);
        sizes.put("n_embd", MAX_WIDTH);
        sizes.put("n_positions", MAX_CONTEXT);
        return Collections.unmodifiableMap(sizes);
    }

    /**
     * The sizes of a fresh model from {@code file}, with {@code vocabSize} (its tokenizer's) as the vocabulary
     * whatever the file says: a missing size is named rather than read as 0, and every mistake is listed at once.
     */
    public static ModelConfig readSizes(Path file, int vocabSize) throws IOException {
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw notAConfig(file, e);
        }
        if (!(tree instanceof ObjectNode sizes)) {
            throw notAConfig(file, "not a JSON object");
        }
        List<String> wrong = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        SIZES.forEach((key, max) -> {
            JsonNode value = sizes.get(key);
            if (value == null || value.isNull()) {
                missing.add(key);
            } else if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1
                    || value.intValue() > max) {
                wrong.add(key + " must be a whole number between 1 and " + max + ", got " + value);
            }
        });
        if (!missing.isEmpty()) {
            wrong.add("no " + String.join(", ", missing) + "; a fresh model needs "
                    + String.join(", ", SIZES.keySet()));
        }
        if (wrong.isEmpty()) {
            try {
                return JSON.treeToValue(sizes.put("vocab_size", vocabSize), ModelConfig.class);
            } catch (IOException | RuntimeException e) {
                wrong.add(rootMessage(e)); // sizes that do not fit together: n_embd a multiple of n_head
            }
        }
        throw notAConfig(file, String.join("; ", wrong));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static IOException notAConfig(Path file, Exception e) {
        return new IOException(file + ": not a model config.json (" + e.getMessage() + ")", e);
    }

    private static IOException notAConfig(Path file, String problems) {
        return new IOException(file + ": not a model config.json (" + problems + ")");
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(this) + "\n");
    }
}
