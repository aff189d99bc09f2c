package dev.leanforge.trainer.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Hugging Face {@code config.json} of one of the supported decoder architectures, read the way transformers reads
 * it (its defaults where a key is absent). Anything this implementation cannot run exactly is refused by name: an
 * unknown {@code model_type}, an activation other than SiLU, a {@code rope_scaling} type other than linear or llama3,
 * Qwen's sliding-window attention.
 *
 * @param architecture {@code model_type}
 * @param vocabSize {@code vocab_size}
 * @param hidden {@code hidden_size}
 * @param intermediate {@code intermediate_size} (the SwiGLU MLP's width)
 * @param layers {@code num_hidden_layers}
 * @param heads {@code num_attention_heads}
 * @param kvHeads {@code num_key_value_heads} (grouped-query attention; defaults to {@code heads})
 * @param headDim {@code head_dim}, or {@code hidden / heads} when absent
 * @param rmsNormEps {@code rms_norm_eps}
 * @param ropeTheta {@code rope_theta} (or {@code rope_parameters.rope_theta})
 * @param ropeScaling {@code rope_scaling} (or {@code rope_parameters})
 * @param maxPositions {@code max_position_embeddings}
 * @param slidingWindow Mistral's {@code sliding_window}, 0 for none
 * @param tieEmbeddings {@code tie_word_embeddings}
 * @param qkvBias whether {@code q_proj}, {@code k_proj}, {@code v_proj} have biases (Qwen2 always; Llama and Qwen3
 *     by {@code attention_bias})
 * @param outputBias whether {@code o_proj} has a bias (Llama and Qwen3 by {@code attention_bias})
 * @param mlpBias whether the MLP's projections have biases (Llama's {@code mlp_bias})
 * @param raw the file as read, written back on save
 */
public record HfConfig(
        Architecture architecture, int vocabSize, int hidden, int intermediate, int layers, int heads, int kvHeads,
        int headDim, double rmsNormEps, double ropeTheta, RopeScaling ropeScaling, int maxPositions,
        int slidingWindow, boolean tieEmbeddings, boolean qkvBias, boolean outputBias, boolean mlpBias,
        ObjectNode raw) {

    public static final String FILE_NAME = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The supported {@code model_type} values. */
    public enum Architecture {
        QWEN3("qwen3"),
        QWEN2("qwen2"),
        LLAMA("llama"),
        MISTRAL("mistral");

        private final String modelType;

        Architecture(String modelType) {
            this.modelType = modelType;
        }

        public String modelType() {
            return modelType;
        }

        /** Whether a model of this type has per-head RMSNorms on queries and keys ({@code q_norm}, {@code k_norm}). */
        public boolean qkNorm() {
            return this == QWEN3;
        }

        static Architecture of(String modelType) {
            for (Architecture a : values()) {
                if (a.modelType.equals(modelType)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unsupported model_type \"" + modelType + "\" (supported: "
                    + String.join(", ", Arrays.stream(values()).map(Architecture::modelType).toList()) + ")");
        }
    }

    /**
     * How rotary frequencies are rescaled, following transformers' {@code modeling_rope_utils}.
     *
     * @param type {@code NONE} ({@code "default"} or no {@code rope_scaling}), {@code LINEAR} or {@code LLAMA3}
     * @param factor the scaling factor (linear: every frequency is divided by it; llama3: the low frequencies)
     * @param lowFreqFactor llama3's {@code low_freq_factor}
     * @param highFreqFactor llama3's {@code high_freq_factor}
     * @param originalMaxPositions llama3's {@code original_max_position_embeddings}
     */
    public record RopeScaling(Type type, double factor, double lowFreqFactor, double highFreqFactor,
            double originalMaxPositions) {

        public enum Type { NONE, LINEAR, LLAMA3 }

        public static final RopeScaling NONE = new RopeScaling(Type.NONE, 1, 0, 0, 0);

        static RopeScaling of(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return NONE;
            }
            String type = node.hasNonNull("rope_type") ? node.get("rope_type").asText()
                    : node.path("type").asText("default");
            switch (type) {
                case "default":
                    return NONE;
                case "linear":
                    return new RopeScaling(Type.LINEAR, required(node, "factor"), 0, 0, 0);
                case "llama3":
                    return new RopeScaling(Type.LLAMA3, required(node, "factor"), required(node, "low_freq_factor"),
                            required(node, "high_freq_factor"), required(node, "original_max_position_embeddings"));
                default:
                    throw new IllegalArgumentException("unsupported rope_scaling type \"" + type
                            + "\" (supported: linear, llama3, or none)");
            }
        }

        private static double required(JsonNode node, String key) {
            if (!node.path(key).isNumber()) {
                throw new IllegalArgumentException("rope_scaling needs a number \"" + key + "\"");
            }
            return node.get(key).asDouble();
        }

        /**
         * The inverse frequencies of the {@code dim / 2} rotated pairs, in float32 as transformers computes them:
         * {@code 1 / theta^(2i / dim)}, then rescaled.
         */
        public float[] inverseFrequencies(double theta, int dim) {
            float[] inv = new float[dim / 2];
            for (int i = 0; i < inv.length; i++) {
                // torch: base ** (arange(0, dim, 2).float() / dim), in float32, then 1.0 / that.
                float exponent = (float) (2 * i) / (float) dim;
                float power = (float) Math.pow(theta, exponent);
                inv[i] = 1.0f / power;
            }
            switch (type) {
                case NONE -> { }
                case LINEAR -> {
                    for (int i = 0; i < inv.length; i++) {
                        inv[i] = (float) (inv[i] / factor);
                    }
                }
                case LLAMA3 -> {
                    double lowFreqWavelen = originalMaxPositions / lowFreqFactor;
                    double highFreqWavelen = originalMaxPositions / highFreqFactor;
                    for (int i = 0; i < inv.length; i++) {
                        double wavelen = 2 * Math.PI / inv[i];
                        double scaled = wavelen > lowFreqWavelen ? inv[i] / factor : inv[i];
                        boolean medium = !(wavelen < highFreqWavelen) && !(wavelen > lowFreqWavelen);
                        if (medium) {
                            double smooth = (originalMaxPositions / wavelen - lowFreqFactor)
                                    / (highFreqFactor - lowFreqFactor);
                            scaled = (1 - smooth) * scaled / factor + smooth * scaled;
                        }
                        inv[i] = (float) scaled;
                    }
                }
            }
            return inv;
        }
    }

    public HfConfig {
        List<String> wrong = new ArrayList<>();
        positive(wrong, "vocab_size", vocabSize);
        positive(wrong, "hidden_size", hidden);
        positive(wrong, "intermediate_size", intermediate);
        positive(wrong, "num_hidden_layers", layers);
        positive(wrong, "num_attention_heads", heads);
        positive(wrong, "num_key_value_heads", kvHeads);
        positive(wrong, "head_dim", headDim);
        positive(wrong, "max_position_embeddings", maxPositions);
        if (kvHeads > 0 && heads % kvHeads != 0) {
            wrong.add("num_attention_heads (" + heads + ") must be a multiple of num_key_value_heads (" + kvHeads
                    + ")");
        }
        if (headDim % 2 != 0) {
            wrong.add("head_dim must be even for rotary embeddings, got " + headDim);
        }
        if (!(rmsNormEps > 0)) {
            wrong.add("rms_norm_eps must be positive, got " + rmsNormEps);
        }
        if (!(ropeTheta > 0)) {
            wrong.add("rope_theta must be positive, got " + ropeTheta);
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("bad config.json: " + String.join("; ", wrong));
        }
    }

    private static void positive(List<String> wrong, String key, int value) {
        if (value <= 0) {
            wrong.add(key + " must be positive, got " + value);
        }
    }

    /** The longest sequence this implementation runs exactly: the positions, or Mistral's window when smaller. */
    public int context() {
        return slidingWindow > 0 ? Math.min(maxPositions, slidingWindow) : maxPositions;
    }

    public int groups() {
        return heads / kvHeads;
    }

    /** The model types this implementation runs; {@code config.json} of any other model type is refused by name. */
    public static boolean isHfModelType(String modelType) {
        return Arrays.stream(Architecture.values()).anyMatch(a -> a.modelType.equals(modelType));
    }

    public static HfConfig read(Path file) throws IOException {
        JsonNode node = JSON.readTree(Files.readAllBytes(file));
        if (!(node instanceof ObjectNode object)) {
            throw new IOException(file + ": not a JSON object");
        }
        try {
            return parse(object);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static HfConfig parse(String json) {
        try {
            return parse((ObjectNode) JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /** Reads {@code config.json}'s keys with transformers' defaults for the architecture. */
    public static HfConfig parse(ObjectNode node) {
        Architecture arch = Architecture.of(node.path("model_type").asText(""));
        String act = node.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("unsupported hidden_act \"" + act + "\" (supported: silu)");
        }
        int hidden = intOf(node, "hidden_size", 0);
        int heads = intOf(node, "num_attention_heads", 0);
        int kvHeads = intOf(node, "num_key_value_heads", heads);
        int headDim = node.hasNonNull("head_dim") ? node.get("head_dim").asInt() : heads > 0 ? hidden / heads : 0;
        JsonNode ropeParameters = node.get("rope_parameters");
        double theta = node.hasNonNull("rope_theta") ? node.get("rope_theta").asDouble()
                : ropeParameters != null && ropeParameters.hasNonNull("rope_theta")
                        ? ropeParameters.get("rope_theta").asDouble() : 10000.0;
        RopeScaling scaling = RopeScaling.of(node.hasNonNull("rope_scaling") ? node.get("rope_scaling")
                : ropeParameters);
        if (node.path("partial_rotary_factor").isNumber() && node.get("partial_rotary_factor").asDouble() != 1.0) {
            throw new IllegalArgumentException("unsupported partial_rotary_factor "
                    + node.get("partial_rotary_factor").asDouble() + " (only 1.0)");
        }
        boolean attentionBias = node.path("attention_bias").asBoolean(false);
        boolean qkvBias = switch (arch) {
            case QWEN2 -> true;
            case QWEN3, LLAMA -> attentionBias;
            case MISTRAL -> false;
        };
        boolean outputBias = (arch == Architecture.QWEN3 || arch == Architecture.LLAMA) && attentionBias;
        boolean mlpBias = arch == Architecture.LLAMA && node.path("mlp_bias").asBoolean(false);
        int slidingWindow = 0;
        if (arch == Architecture.MISTRAL && node.hasNonNull("sliding_window")) {
            slidingWindow = node.get("sliding_window").asInt();
        }
        if ((arch == Architecture.QWEN2 || arch == Architecture.QWEN3)
                && node.path("use_sliding_window").asBoolean(false)) {
            throw new IllegalArgumentException("unsupported use_sliding_window: true (sliding-window attention is "
                    + "not implemented for " + arch.modelType() + ")");
        }
        return new HfConfig(arch, intOf(node, "vocab_size", 0), hidden, intOf(node, "intermediate_size", 0),
                intOf(node, "num_hidden_layers", 0), heads, kvHeads, headDim, node.path("rms_norm_eps").asDouble(1e-6),
                theta, scaling, intOf(node, "max_position_embeddings", 0), slidingWindow,
                node.path("tie_word_embeddings").asBoolean(false), qkvBias, outputBias, mlpBias, node.deepCopy());
    }

    private static int intOf(JsonNode node, String key, int fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException(key + " must be an integer, got " + v);
        }
        return v.asInt();
    }

    /** {@code eos_token_id} as a list (it may be one id or several); empty when absent. */
    public static List<Integer> ids(JsonNode node) {
        List<Integer> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asInt()));
        } else if (node.canConvertToInt()) {
            out.add(node.asInt());
        }
        return out;
    }

    /** Writes {@link #raw} with {@code torch_dtype} set to {@code dtype} (e.g. "float32"). */
    public void write(Path file, String dtype) throws IOException {
        ObjectNode out = raw.deepCopy();
        out.put("torch_dtype", dtype.toLowerCase(Locale.ROOT));
        Files.write(file, JSON.writeValueAsBytes(out));
    }
}
