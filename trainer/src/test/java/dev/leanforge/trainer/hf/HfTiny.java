package dev.leanforge.trainer.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.trainer.checkpoint.Safetensors;
import dev.leanforge.trainer.checkpoint.Tensor;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import dev.leanforge.trainer.tokenizer.BpeTrainer;
import dev.leanforge.trainer.tokenizer.TokenizerJson;
import dev.leanforge.trainer.tokenizer.WordCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Tiny random-weight checkpoints of each architecture in Hugging Face's layout, written by the tests. */
final class HfTiny {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The byte tokenizer's ids (testing.ByteTokenizer), so sampling tests can decode. */
    static final int VOCAB = 260;

    private HfTiny() {}

    /** 2 layers, hidden 64, 4 query heads and 2 key/value heads of 16, MLP 96, 64 positions. */
    static ObjectNode config(String modelType) {
        ObjectNode c = JSON.createObjectNode();
        c.put("model_type", modelType);
        c.putArray("architectures").add(switch (modelType) {
            case "qwen3" -> "Qwen3ForCausalLM";
            case "qwen2" -> "Qwen2ForCausalLM";
            case "mistral" -> "MistralForCausalLM";
            default -> "LlamaForCausalLM";
        });
        c.put("vocab_size", VOCAB);
        c.put("hidden_size", 64);
        c.put("intermediate_size", 96);
        c.put("num_hidden_layers", 2);
        c.put("num_attention_heads", 4);
        c.put("num_key_value_heads", 2);
        c.put("hidden_act", "silu");
        c.put("max_position_embeddings", 64);
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", 10000.0);
        c.put("tie_word_embeddings", false);
        c.put("eos_token_id", 258);
        c.put("bos_token_id", 256);
        c.put("torch_dtype", "bfloat16");
        return c;
    }

    /** Qwen3 with an explicit head_dim (32, not hidden / heads) and tied embeddings. */
    static ObjectNode qwen3() {
        ObjectNode c = config("qwen3");
        c.put("head_dim", 32);
        c.put("tie_word_embeddings", true);
        c.put("rope_theta", 1000000.0);
        return c;
    }

    static ObjectNode qwen2() {
        ObjectNode c = config("qwen2");
        c.put("rms_norm_eps", 1e-5);
        return c;
    }

    /** Llama with rope_scaling llama3 chosen so that low, medium and high frequencies all occur (head_dim 16). */
    static ObjectNode llama3Scaled() {
        ObjectNode c = config("llama");
        c.put("rope_theta", 500000.0);
        ObjectNode s = c.putObject("rope_scaling");
        s.put("rope_type", "llama3");
        s.put("factor", 8.0);
        s.put("low_freq_factor", 1.0);
        s.put("high_freq_factor", 4.0);
        s.put("original_max_position_embeddings", 16);
        c.put("attention_bias", true);
        c.put("mlp_bias", true);
        return c;
    }

    static ObjectNode llamaLinear() {
        ObjectNode c = config("llama");
        ObjectNode s = c.putObject("rope_scaling");
        s.put("type", "linear");
        s.put("factor", 4.0);
        return c;
    }

    static ObjectNode mistral() {
        ObjectNode c = config("mistral");
        c.putNull("sliding_window");
        return c;
    }

    /**
     * Random weights: matrices N(0, 0.15²) (large enough that the logits are far from uniform), biases
     * N(0, 0.1²), RMSNorm gains 1 + N(0, 0.2²) so that a norm applied to the wrong axis shows.
     */
    static Map<String, float[]> randomTensors(HfConfig config, long seed) {
        Random random = new Random(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        HfModel.parameterShapes(config).forEach((name, shape) -> {
            float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
            boolean norm = name.endsWith("norm.weight") || name.endsWith("layernorm.weight");
            for (int i = 0; i < v.length; i++) {
                double g = random.nextGaussian();
                v[i] = (float) (norm ? 1 + 0.2 * g : name.endsWith(".bias") ? 0.1 * g : 0.15 * g);
            }
            out.put(name, v);
        });
        return out;
    }

    static Map<String, Tensor> asTensors(HfConfig config, Map<String, float[]> values) {
        Map<String, long[]> shapes = HfModel.parameterShapes(config);
        Map<String, Tensor> out = new LinkedHashMap<>();
        values.forEach((name, v) -> out.put(name, new Tensor(shapes.get(name), v)));
        return out;
    }

    /** Writes {@code config.json} and {@code model.safetensors} ({@code dtype} F32 or BF16). */
    static HfConfig write(Path dir, ObjectNode configJson, Map<String, float[]> values, String dtype)
            throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("config.json"), JSON.writeValueAsBytes(configJson));
        HfConfig config = HfConfig.parse(configJson);
        Safetensors.write(dir.resolve("model.safetensors"), asTensors(config, values), Map.of("format", "pt"),
                dtype);
        return config;
    }

    /** Writes the weights as {@code shards} files {@code model-0000k-of-0000n.safetensors} plus the index. */
    static void writeSharded(Path dir, ObjectNode configJson, Map<String, float[]> values, int shards)
            throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("config.json"), JSON.writeValueAsBytes(configJson));
        HfConfig config = HfConfig.parse(configJson);
        List<Map<String, Tensor>> parts = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            parts.add(new LinkedHashMap<>());
        }
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", 0);
        ObjectNode map = index.putObject("weight_map");
        int i = 0;
        for (Map.Entry<String, Tensor> e : asTensors(config, values).entrySet()) {
            int shard = i++ * shards / values.size();
            parts.get(shard).put(e.getKey(), e.getValue());
            map.put(e.getKey(), String.format("model-%05d-of-%05d.safetensors", shard + 1, shards));
        }
        for (int s = 0; s < shards; s++) {
            Safetensors.write(dir.resolve(String.format("model-%05d-of-%05d.safetensors", s + 1, shards)),
                    parts.get(s), Map.of("format", "pt"));
        }
        Files.write(dir.resolve("model.safetensors.index.json"), JSON.writeValueAsBytes(index));
    }

    /**
     * A tiny Qwen2 checkpoint in {@code dir} as the training tests use it: a byte-level BPE tokenizer trained on one
     * Lean line, random F32 weights (seed 2), a 48-token context and a prompt template.
     *
     * @return the weights written
     */
    static Map<String, float[]> trainableQwen2(Path dir) throws IOException {
        WordCounts words = new WordCounts();
        words.addText("theorem t (n : Nat) : n + 0 = n := by simp\n".repeat(5));
        Files.createDirectories(dir);
        TokenizerJson.write(new BpeTrainer(280, 1).train(words, (r, t) -> {}), dir.resolve("tokenizer.json"));
        BpeTokenizer bpe = BpeTokenizer.load(dir.resolve("tokenizer.json"));
        ObjectNode json = qwen2();
        json.put("vocab_size", bpe.vocabSize());
        json.put("max_position_embeddings", 48);
        json.put("eos_token_id", bpe.endId());
        Map<String, float[]> weights = randomTensors(HfConfig.parse(json), 2);
        write(dir, json, weights, "F32");
        Files.writeString(dir.resolve(PromptTemplate.FILE_NAME), "Prove: " + PromptTemplate.PLACEHOLDER + "\n");
        return weights;
    }
}
