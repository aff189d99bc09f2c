package dev.leanforge.trainer.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.checkpoint.Safetensors;
import dev.leanforge.trainer.device.GradientMode;
import dev.leanforge.trainer.sft.SftObjective;
import dev.leanforge.trainer.training.AdamW;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA on Hugging Face models: the forward pass, training only the adapters, PEFT files, merging. */
class LoraTest {

    @TempDir
    Path tmp;

    private static final LoraConfig ALL = new LoraConfig(4, 8, 0.0, LoraConfig.MODULES);

    private static int[] sequence(long seed, int length) {
        Random r = new Random(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = r.nextInt(HfTiny.VOCAB);
        }
        return ids;
    }

    private Path base(String name) throws IOException {
        Path dir = tmp.resolve(name);
        HfTiny.write(dir, HfTiny.qwen2(), HfTiny.randomTensors(HfConfig.parse(HfTiny.qwen2()), 11), "F32");
        return dir;
    }

    static float[] logits(HfModel model, int[] seq) {
        return GradientMode.withoutGradients(() -> {
            try (NDManager scope = model.newScope()) {
                long[] flat = new long[seq.length];
                for (int i = 0; i < seq.length; i++) {
                    flat[i] = seq[i];
                }
                return model.logits(scope.create(flat, new Shape(1, seq.length))).toFloatArray();
            }
        });
    }

    /** Random A and B (B = 0 would hide every mistake in how the adapter is applied). */
    private static Map<String, float[]> randomAdapter(HfConfig config, LoraConfig lora, long seed) {
        Random random = new Random(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        HfModel.loraShapes(config, lora).forEach((name, shape) -> {
            float[] v = new float[Math.toIntExact(shape[0] * shape[1])];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.1 * random.nextGaussian());
            }
            out.put(name, v);
        });
        return out;
    }

    @Test
    void aFreshAdapterLeavesTheModelExactlyAsItWas() throws IOException {
        int[] seq = sequence(1, 20);
        try (HfModel model = HfCheckpoint.load(base("fresh"), Device.cpu())) {
            float[] before = logits(model, seq);
            model.addLora(LoraConfig.defaults(), 0);
            assertThat(model.loraParameters()).hasSize(2 * 7 * model.config().layers());
            assertThat(logits(model, seq)).containsExactly(before);
            // A is PEFT's kaiming-uniform: within ±1/sqrt(in), not zero; B is zero.
            float[] a = model.loraTensors().get("model.layers.0.self_attn.q_proj.lora_A.weight");
            double bound = 1 / Math.sqrt(model.config().hidden());
            assertThat(a).hasSize(16 * model.config().hidden());
            for (float x : a) {
                assertThat(Math.abs(x)).isLessThanOrEqualTo((float) bound);
            }
            assertThat(a).isNotEqualTo(new float[a.length]);
            float[] b = model.loraTensors().get("model.layers.1.mlp.down_proj.lora_B.weight");
            assertThat(b).containsOnly(0f);
        }
    }

    @Test
    void adaptersMatchTheReferenceWithMergedWeightsAndOffEqualTheBase() throws IOException {
        HfConfig config = HfConfig.parse(HfTiny.qwen2());
        Map<String, float[]> weights = HfTiny.randomTensors(config, 11);
        Path dir = tmp.resolve("ref");
        HfTiny.write(dir, HfTiny.qwen2(), weights, "F32");
        LoraConfig lora = new LoraConfig(4, 8, 0.0, List.of("q_proj", "v_proj", "o_proj", "up_proj", "down_proj"));
        Map<String, float[]> adapter = randomAdapter(config, lora, 5);
        int[] seq = sequence(2, 24);
        try (HfModel model = HfCheckpoint.load(dir, Device.cpu())) {
            float[] base = logits(model, seq);
            model.setLora(lora, adapter);
            float[] adapted = logits(model, seq);
            assertThat(adapted).isNotEqualTo(base);

            // Independent reference: the double-precision forward pass with W + (alpha/r)·B·A.
            Map<String, float[]> merged = new LinkedHashMap<>(weights);
            HfModel.loraShapes(config, lora).forEach((name, shape) -> {
                if (name.endsWith(".lora_A.weight")) {
                    String module = name.substring(0, name.length() - ".lora_A.weight".length());
                    float[] a = adapter.get(name);
                    float[] b = adapter.get(module + ".lora_B.weight");
                    float[] w = merged.get(module + ".weight").clone();
                    int r = (int) shape[0];
                    int in = (int) shape[1];
                    int out = w.length / in;
                    for (int o = 0; o < out; o++) {
                        for (int i = 0; i < in; i++) {
                            double s = 0;
                            for (int k = 0; k < r; k++) {
                                s += (double) b[o * r + k] * a[k * in + i];
                            }
                            w[o * in + i] = (float) (w[o * in + i] + lora.scale() * s);
                        }
                    }
                    merged.put(module + ".weight", w);
                }
            });
            double[][] expected = new HfReference(config, merged).logits(seq);
            int v = config.vocabSize();
            for (int t = 0; t < seq.length; t++) {
                for (int i = 0; i < v; i++) {
                    assertThat(Math.abs(adapted[t * v + i] - expected[t][i]))
                            .as("logit %d at %d", i, t).isLessThanOrEqualTo(1e-4 * Math.abs(expected[t][i]) + 1e-4);
                }
            }

            model.enableAdapters(false);
            assertThat(logits(model, seq)).containsExactly(base);
            model.enableAdapters(true);
            assertThat(logits(model, seq)).containsExactly(adapted);
        }
    }

    @Test
    void aTrainingStepChangesTheAdaptersAndNothingElse() throws IOException {
        Path dir = base("step");
        try (HfModel model = HfCheckpoint.load(dir, Device.cpu())) {
            model.addLora(new LoraConfig(4, 8, 0.1, LoraConfig.MODULES), 3);
            Map<String, float[]> baseBefore = model.toTensors();
            Map<String, float[]> loraBefore = model.loraTensors();
            LoraTrainable trainable = new LoraTrainable(model, dir, dir.toString());
            assertThat(trainable.trainableParameters().keySet()).allMatch(n -> n.contains(".lora_"));
            List<TokenSequence> batch = List.of(new TokenSequence(sequence(3, 12), 5),
                    new TokenSequence(sequence(4, 9), 3));
            Hyperparameters hp = Hyperparameters.defaults();
            trainable.train(true);
            try (AdamW adam = new AdamW(trainable.trainableParameters(), model.newScope(), hp)) {
                TrainingLoop.StepResult result =
                        TrainingLoop.step(model, new SftObjective(0, 2), batch, adam, 1e-2);
                assertThat(result.loss()).isFinite();
                assertThat(result.gradientNorm()).isGreaterThan(0);
                assertThat(adam.state()).hasSize(2 * trainable.trainableParameters().size());
            } finally {
                trainable.train(false);
            }
            model.parameters().values().forEach(p -> assertThat(p.hasGradient()).as(p.getName()).isFalse());
            Map<String, float[]> baseAfter = model.toTensors();
            baseBefore.forEach((name, v) -> assertThat(baseAfter.get(name)).as(name).containsExactly(v));
            Map<String, float[]> loraAfter = model.loraTensors();
            loraBefore.forEach((name, v) -> assertThat(loraAfter.get(name)).as(name).isNotEqualTo(v));
        }
    }

    @Test
    void dropoutActsOnlyWhileTrainingWithGradients() throws IOException {
        HfConfig config = HfConfig.parse(HfTiny.qwen2());
        LoraConfig lora = new LoraConfig(4, 8, 0.5, LoraConfig.MODULES);
        int[] seq = sequence(6, 10);
        try (HfModel model = HfCheckpoint.load(base("dropout"), Device.cpu())) {
            model.setLora(lora, randomAdapter(config, lora, 4));
            float[] plain = logits(model, seq);
            model.trainAdapters(true);
            try {
                assertThat(logits(model, seq)).as("no autograd: no dropout").containsExactly(plain);
                float[][] dropped = new float[2][];
                for (int i = 0; i < 2; i++) {
                    dev.leanforge.trainer.device.Compute.engine().setRandomSeed(100 + i);
                    try (NDManager scope = model.newScope();
                            ai.djl.training.GradientCollector collector =
                                    dev.leanforge.trainer.device.Compute.engine().newGradientCollector()) {
                        long[] flat = java.util.Arrays.stream(seq).asLongStream().toArray();
                        dropped[i] = model.logits(scope.create(flat, new Shape(1, seq.length))).toFloatArray();
                    }
                }
                assertThat(dropped[0]).isNotEqualTo(plain);
                assertThat(dropped[1]).isNotEqualTo(dropped[0]);
            } finally {
                model.trainAdapters(false);
            }
            assertThat(logits(model, seq)).containsExactly(plain);
        }
    }

    @Test
    void peftFilesRoundTrip() throws IOException {
        Path dir = base("peft");
        HfConfig config = HfConfig.parse(HfTiny.qwen2());
        LoraConfig lora = new LoraConfig(2, 16, 0.05, List.of("q_proj", "k_proj", "gate_proj"));
        Map<String, float[]> adapter = randomAdapter(config, lora, 9);
        Path out = tmp.resolve("adapter");
        int[] seq = sequence(5, 16);
        float[] adapted;
        try (HfModel model = HfCheckpoint.load(dir, Device.cpu())) {
            model.setLora(lora, adapter);
            adapted = logits(model, seq);
            PeftAdapter.save(model, out, "Qwen/tiny");
        }
        JsonNode c = new ObjectMapper().readTree(out.resolve(PeftAdapter.CONFIG).toFile());
        assertThat(c.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(c.get("task_type").asText()).isEqualTo("CAUSAL_LM");
        assertThat(c.get("bias").asText()).isEqualTo("none");
        assertThat(c.get("r").asInt()).isEqualTo(2);
        assertThat(c.get("lora_alpha").asDouble()).isEqualTo(16);
        assertThat(c.get("lora_dropout").asDouble()).isEqualTo(0.05);
        assertThat(c.get("base_model_name_or_path").asText()).isEqualTo("Qwen/tiny");
        assertThat(c.get("target_modules").toString()).isEqualTo("[\"q_proj\",\"k_proj\",\"gate_proj\"]");
        try (Safetensors.Reader reader = Safetensors.open(out.resolve(PeftAdapter.WEIGHTS))) {
            assertThat(reader.names()).contains(
                    "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                    "base_model.model.model.layers.1.mlp.gate_proj.lora_B.weight");
            assertThat(reader.names()).hasSize(2 * 3 * config.layers());
            assertThat(reader.entry("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight").shape())
                    .containsExactly(2, config.hidden());
            assertThat(reader.entry("base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight").shape())
                    .containsExactly((long) config.kvHeads() * config.headDim(), 2);
        }
        PeftAdapter.Adapter read = PeftAdapter.read(out);
        assertThat(read.config()).isEqualTo(lora);
        assertThat(read.baseModel()).isEqualTo("Qwen/tiny");
        adapter.forEach((name, v) -> assertThat(read.tensors().get(name)).as(name).containsExactly(v));
        try (HfModel model = HfCheckpoint.load(dir, Device.cpu())) {
            assertThat(PeftAdapter.load(model, out)).isEqualTo(lora);
            assertThat(logits(model, seq)).containsExactly(adapted);
        }
    }

    @Test
    void adapterSizesOfQwen3_0_6bAsDocumented() {
        HfConfig qwen3 = HfConfig.parse("{\"model_type\": \"qwen3\", \"vocab_size\": 151936, \"hidden_size\": 1024,"
                + " \"intermediate_size\": 3072, \"num_hidden_layers\": 28, \"num_attention_heads\": 16,"
                + " \"num_key_value_heads\": 8, \"head_dim\": 128, \"max_position_embeddings\": 40960,"
                + " \"tie_word_embeddings\": true, \"eos_token_id\": 151645}");
        long adapter = LoraConfig.defaults().parameterCount(qwen3);
        assertThat(adapter).isEqualTo(10_092_544L);
        assertThat(HfModel.loraShapes(qwen3, LoraConfig.defaults()).values().stream()
                .mapToLong(s -> s[0] * s[1]).sum()).isEqualTo(adapter);
        assertThat(100.0 * adapter / HfModel.parameterCount(qwen3)).isBetween(1.6, 1.8);
    }

    @Test
    void unsupportedAdaptersAreRefusedByName() throws IOException {
        Path out = tmp.resolve("dora");
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Files.writeString(out.resolve(PeftAdapter.CONFIG), "{\"peft_type\": \"LORA\", \"r\": 8,"
                + " \"lora_alpha\": 16, \"target_modules\": \"q_proj|v_proj\", \"use_dora\": true,"
                + " \"rank_pattern\": {\"q_proj\": 4}}");
        assertThatThrownBy(() -> PeftAdapter.readConfig(out)).hasMessageContaining("use_dora")
                .hasMessageContaining("rank_pattern").hasMessageContaining("regular expression");
        assertThatThrownBy(() -> new LoraConfig(0, 8, 1.0, List.of("qkv"))).hasMessageContaining("r must be")
                .hasMessageContaining("lora_dropout").hasMessageContaining("unknown target module \"qkv\"");
    }

    @Test
    void aMergedCheckpointComputesWhatBasePlusAdapterComputes() throws IOException {
        Path dir = base("merge");
        HfConfig config = HfConfig.parse(HfTiny.qwen2());
        LoraConfig lora = new LoraConfig(4, 8, 0.0, LoraConfig.MODULES);
        Path adapterDir = tmp.resolve("merge-adapter");
        int[] seq = sequence(8, 30);
        float[] adapted;
        try (HfModel model = HfCheckpoint.load(dir, Device.cpu())) {
            model.setLora(lora, randomAdapter(config, lora, 21));
            adapted = logits(model, seq);
            PeftAdapter.save(model, adapterDir, dir.toString());
            assertThatThrownBy(() -> HfCheckpoint.save(model, tmp.resolve("lost"), null))
                    .hasMessageContaining("LoRA adapters");
        }
        Path merged = tmp.resolve("merged");
        PeftAdapter.merge(dir, adapterDir, merged, Device.cpu());
        assertThat(PeftAdapter.isAdapterDirectory(merged)).isFalse();
        try (HfModel model = HfCheckpoint.load(merged, Device.cpu())) {
            assertThat(model.lora()).isNull();
            float[] got = logits(model, seq);
            for (int i = 0; i < got.length; i++) {
                assertThat(Math.abs(got[i] - adapted[i])).as("logit %d", i)
                        .isLessThanOrEqualTo(1e-4f * Math.abs(adapted[i]) + 1e-4f);
            }
        }
    }
}
