package dev.leanforge.trainer.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.checkpoint.Safetensors;
import dev.leanforge.trainer.device.GradientMode;
import dev.leanforge.trainer.model.AttentionBias;
import dev.leanforge.trainer.model.KvCache;
import dev.leanforge.trainer.sampling.Completion;
import dev.leanforge.trainer.sampling.Generator;
import dev.leanforge.trainer.sampling.SamplingOptions;
import dev.leanforge.trainer.sampling.SequenceScorer;
import dev.leanforge.trainer.testing.ByteTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfModelTest {

    @TempDir
    Path tmp;

    private static int[] randomIds(long seed, int length) {
        Random r = new Random(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = r.nextInt(HfTiny.VOCAB);
        }
        return ids;
    }

    private static NDArray ids(NDManager scope, int[]... rows) {
        long[] flat = new long[rows.length * rows[0].length];
        for (int b = 0; b < rows.length; b++) {
            for (int t = 0; t < rows[b].length; t++) {
                flat[b * rows[b].length + t] = rows[b][t];
            }
        }
        return scope.create(flat, new Shape(rows.length, rows[0].length));
    }

    /** Loads a freshly written checkpoint of {@code json} and checks logits and log-probs against the reference. */
    private void matchesReference(String name, ObjectNode json) throws IOException {
        HfConfig config = HfConfig.parse(json);
        Map<String, float[]> weights = HfTiny.randomTensors(config, name.hashCode());
        Path dir = tmp.resolve(name);
        HfTiny.write(dir, json, weights, "F32");
        int[] seq = randomIds(7, 40); // positions up to 39: every rotary frequency turns
        double[][] expected = new HfReference(config, weights).logits(seq);
        try (HfModel model = HfCheckpoint.load(dir, Device.cpu())) {
            GradientMode.withoutGradients(() -> {
                try (NDManager scope = model.newScope()) {
                    float[] logits = model.logits(ids(scope, seq)).toFloatArray();
                    int v = config.vocabSize();
                    double spread = 0;
                    for (int t = 0; t < seq.length; t++) {
                        double[] ref = HfReference.logSoftmax(expected[t]);
                        double[] got = new double[v];
                        for (int i = 0; i < v; i++) {
                            got[i] = logits[t * v + i];
                        }
                        got = HfReference.logSoftmax(got);
                        for (int i = 0; i < v; i++) {
                            assertThat(Math.abs(got[i] - ref[i]))
                                    .as("%s: log-prob of id %d at position %d", name, i, t)
                                    .isLessThanOrEqualTo(1e-4 * Math.abs(ref[i]) + 1e-6);
                        }
                        spread = Math.max(spread, ref[0] - ref[1]);
                    }
                    // Not a trivially uniform model: the log-probs really depend on the weights.
                    assertThat(spread).isGreaterThan(0.01);

                    // targetLogProbs (the scoring path) agrees too.
                    long[] positions = new long[seq.length - 1];
                    long[] targets = new long[seq.length - 1];
                    for (int t = 0; t < positions.length; t++) {
                        positions[t] = t;
                        targets[t] = seq[t + 1];
                    }
                    float[] scored = model.targetLogProbs(ids(scope, seq), scope.create(positions),
                            scope.create(targets)).toFloatArray();
                    for (int t = 0; t < positions.length; t++) {
                        double ref = HfReference.logSoftmax(expected[t])[seq[t + 1]];
                        assertThat(Math.abs(scored[t] - ref)).isLessThanOrEqualTo(1e-4 * Math.abs(ref) + 1e-6);
                    }
                }
                return null;
            });
        }
    }

    @Test
    void qwen3MatchesTheReference() throws IOException {
        matchesReference("qwen3", HfTiny.qwen3());
    }

    @Test
    void qwen2MatchesTheReference() throws IOException {
        matchesReference("qwen2", HfTiny.qwen2());
    }

    @Test
    void llamaMatchesTheReference() throws IOException {
        matchesReference("llama", HfTiny.config("llama"));
    }

    @Test
    void llamaWithLlama3RopeScalingAndBiasesMatchesTheReference() throws IOException {
        matchesReference("llama3", HfTiny.llama3Scaled());
    }

    @Test
    void llamaWithLinearRopeScalingMatchesTheReference() throws IOException {
        matchesReference("linear", HfTiny.llamaLinear());
    }

    @Test
    void mistralMatchesTheReference() throws IOException {
        matchesReference("mistral", HfTiny.mistral());
    }

    @Test
    void configDefaultsFollowTransformers() {
        HfConfig qwen2 = HfConfig.parse(HfTiny.qwen2());
        assertThat(qwen2.qkvBias()).isTrue();
        assertThat(qwen2.outputBias()).isFalse();
        assertThat(HfModel.parameterShapes(qwen2)).containsKey("model.layers.0.self_attn.q_proj.bias")
                .doesNotContainKey("model.layers.0.self_attn.o_proj.bias").containsKey("lm_head.weight");
        HfConfig qwen3 = HfConfig.parse(HfTiny.qwen3());
        assertThat(qwen3.headDim()).isEqualTo(32);
        assertThat(HfModel.parameterShapes(qwen3)).containsKey("model.layers.1.self_attn.q_norm.weight")
                .doesNotContainKey("lm_head.weight");
        assertThat(HfModel.parameterShapes(qwen3).get("model.layers.0.self_attn.q_proj.weight"))
                .containsExactly(128, 64);
        ObjectNode json = HfTiny.config("llama");
        json.remove("num_key_value_heads");
        json.remove("rms_norm_eps");
        HfConfig llama = HfConfig.parse(json);
        assertThat(llama.kvHeads()).isEqualTo(4);
        assertThat(llama.rmsNormEps()).isEqualTo(1e-6);
        assertThat(llama.headDim()).isEqualTo(16);
        ObjectNode windowed = HfTiny.config("mistral");
        windowed.put("sliding_window", 32);
        assertThat(HfConfig.parse(windowed).context()).isEqualTo(32);
    }

    @Test
    void unsupportedModelTypesAndRopeScalingAreRefusedByName() throws IOException {
        ObjectNode neox = HfTiny.config("gpt_neox");
        assertThatThrownBy(() -> HfConfig.parse(neox)).hasMessageContaining("unsupported model_type \"gpt_neox\"")
                .hasMessageContaining("qwen3, qwen2, llama, mistral");
        ObjectNode yarn = HfTiny.config("qwen2");
        yarn.putObject("rope_scaling").put("type", "yarn").put("factor", 4.0);
        assertThatThrownBy(() -> HfConfig.parse(yarn)).hasMessageContaining("unsupported rope_scaling type \"yarn\"");
        ObjectNode gelu = HfTiny.config("llama");
        gelu.put("hidden_act", "gelu");
        assertThatThrownBy(() -> HfConfig.parse(gelu)).hasMessageContaining("hidden_act \"gelu\"");
        Path dir = tmp.resolve("neox");
        Files.createDirectories(dir);
        Files.write(dir.resolve("config.json"), HfTiny.JSON.writeValueAsBytes(neox));
        assertThat(HfCheckpoint.isHfDirectory(dir)).isTrue();
        assertThatThrownBy(() -> HfCheckpoint.load(dir, Device.cpu())).isInstanceOf(IOException.class)
                .hasMessageContaining("gpt_neox");
    }

    @Test
    void missingAndUnexpectedTensorsAreNamed() throws IOException {
        ObjectNode json = HfTiny.config("llama");
        HfConfig config = HfConfig.parse(json);
        Map<String, float[]> weights = HfTiny.randomTensors(config, 1);
        weights.remove("model.layers.1.mlp.up_proj.weight");
        Path dir = tmp.resolve("missing");
        HfTiny.write(dir, json, weights, "F32");
        assertThatThrownBy(() -> HfCheckpoint.load(dir, Device.cpu()))
                .hasMessageContaining("missing [model.layers.1.mlp.up_proj.weight [96, 64]]");
    }

    @Test
    void predictionsDoNotDependOnLaterTokens() throws IOException {
        try (HfModel model = tiny(HfTiny.qwen3(), "causal")) {
            GradientMode.withoutGradients(() -> {
                try (NDManager scope = model.newScope()) {
                    int[] seq = randomIds(3, 20);
                    float[] before = model.logits(ids(scope, seq)).toFloatArray();
                    int[] edited = seq.clone();
                    edited[12] = (edited[12] + 1) % HfTiny.VOCAB;
                    float[] after = model.logits(ids(scope, edited)).toFloatArray();
                    int v = HfTiny.VOCAB;
                    for (int i = 0; i < 12 * v; i++) {
                        assertThat(after[i]).isEqualTo(before[i]);
                    }
                    boolean changed = false;
                    for (int i = 12 * v; i < 13 * v; i++) {
                        changed |= after[i] != before[i];
                    }
                    assertThat(changed).isTrue();
                }
                return null;
            });
        }
    }

    private HfModel tiny(ObjectNode json, String name) throws IOException {
        HfConfig config = HfConfig.parse(json);
        Path dir = tmp.resolve(name);
        HfTiny.write(dir, json, HfTiny.randomTensors(config, 11), "F32");
        return HfCheckpoint.load(dir, Device.cpu());
    }

    @Test
    void cachedDecodingEqualsFullRecomputation() throws IOException {
        for (ObjectNode json : List.of(HfTiny.qwen3(), HfTiny.llama3Scaled())) {
            try (HfModel model = tiny(json, "cache-" + json.get("model_type").asText())) {
                GradientMode.withoutGradients(() -> {
                    try (NDManager scope = model.newScope(); KvCache cache = model.newCache(scope)) {
                        int[][] rows = {randomIds(5, 16), randomIds(6, 16)};
                        float[] full = model.logits(ids(scope, rows)).toFloatArray();
                        int v = HfTiny.VOCAB;
                        int prefix = 5;
                        for (int to = prefix; to <= 16; to++) {
                            int from = to == prefix ? 0 : to - 1;
                            int[][] step = new int[2][to - from];
                            long[] positions = new long[to - from];
                            for (int b = 0; b < 2; b++) {
                                System.arraycopy(rows[b], from, step[b], 0, to - from);
                            }
                            for (int t = from; t < to; t++) {
                                positions[t - from] = t;
                            }
                            float[] last = model.lastLogits(ids(scope, step), scope.create(positions),
                                    AttentionBias.causal(scope, to - from, to, null), cache).toFloatArray();
                            for (int b = 0; b < 2; b++) {
                                for (int i = 0; i < v; i++) {
                                    float expected = full[(b * 16 + to - 1) * v + i];
                                    assertThat(Math.abs(last[b * v + i] - expected))
                                            .isLessThanOrEqualTo(1e-5f * Math.max(1, Math.abs(expected)));
                                }
                            }
                        }
                        assertThat(cache.length()).isEqualTo(16);
                    }
                    return null;
                });
            }
        }
    }

    @Test
    void batchingAndPaddingDoNotChangeASequence() throws IOException {
        ByteTokenizer tokenizer = new ByteTokenizer();
        try (HfModel model = tiny(HfTiny.qwen2(), "batch")) {
            List<int[]> prompts = List.of(randomIds(1, 3), randomIds(2, 9), randomIds(3, 6));
            Generator generator = new Generator(model, tokenizer, new int[] {ByteTokenizer.END, ByteTokenizer.PAD});
            SamplingOptions options = new SamplingOptions(8, 0.9, 0.95, 40, List.of(), 5);
            List<Completion> together = generator.generate(prompts, options);
            List<Completion> uncached = generator.generate(prompts, options, false);
            for (int b = 0; b < prompts.size(); b++) {
                // Row b alone: the same seed stream is row 0's, so compare greedy instead for the alone case.
                assertThat(uncached.get(b).tokenIds()).containsExactly(together.get(b).tokenIds());
                assertThat(uncached.get(b).logProb()).isCloseTo(together.get(b).logProb(),
                        org.assertj.core.api.Assertions.within(1e-4));
            }
            SamplingOptions greedy = SamplingOptions.greedy(8);
            List<Completion> batch = generator.generate(prompts, greedy);
            for (int b = 0; b < prompts.size(); b++) {
                Completion alone = generator.generate(List.of(prompts.get(b)), greedy).get(0);
                assertThat(batch.get(b).tokenIds()).containsExactly(alone.tokenIds());
                assertThat(batch.get(b).logProb()).isCloseTo(alone.logProb(),
                        org.assertj.core.api.Assertions.within(1e-4 * Math.abs(alone.logProb())));
            }

            // Scoring: right padding in a batch of three equals each sequence alone.
            List<TokenSequence> seqs = new ArrayList<>();
            for (int[] p : prompts) {
                int[] s = java.util.Arrays.copyOf(p, p.length + 4);
                System.arraycopy(randomIds(p.length, 4), 0, s, p.length, 4);
                seqs.add(new TokenSequence(s, p.length));
            }
            List<SequenceScorer.Score> scored = SequenceScorer.score(model, seqs, 3, ByteTokenizer.PAD);
            for (int b = 0; b < seqs.size(); b++) {
                double alone = SequenceScorer.score(model, List.of(seqs.get(b)), 1, ByteTokenizer.PAD).get(0)
                        .logProb();
                assertThat(scored.get(b).logProb()).isCloseTo(alone,
                        org.assertj.core.api.Assertions.within(1e-4 * Math.abs(alone)));
            }
        }
    }

    @Test
    void generationStopsAtAnyOfSeveralEndIds() throws IOException {
        ByteTokenizer tokenizer = new ByteTokenizer();
        try (HfModel model = tiny(HfTiny.mistral(), "ends")) {
            int[] prompt = randomIds(9, 5);
            Completion free = new Generator(model, tokenizer, new int[] {ByteTokenizer.END})
                    .generate(List.of(prompt), SamplingOptions.greedy(6)).get(0);
            assertThat(free.tokenIds()).hasSizeGreaterThan(2);
            int second = free.tokenIds()[1];
            Completion stopped = new Generator(model, tokenizer, new int[] {ByteTokenizer.END, second})
                    .generate(List.of(prompt), SamplingOptions.greedy(6)).get(0);
            assertThat(stopped.finish()).isEqualTo(Completion.Finish.END);
            assertThat(stopped.tokenIds()).containsExactly(free.tokenIds()[0]);
        }
    }

    @Test
    void bf16CheckpointLoadsAsTheFloat32OfTheSameValues() throws IOException {
        ObjectNode json = HfTiny.qwen3();
        HfConfig config = HfConfig.parse(json);
        Map<String, float[]> weights = HfTiny.randomTensors(config, 21);
        weights.replaceAll((name, v) -> {
            float[] rounded = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                rounded[i] = Safetensors.bf16ToFloat(Safetensors.floatToBf16(v[i]));
            }
            return rounded;
        });
        HfTiny.write(tmp.resolve("bf16"), json, weights, "BF16");
        HfTiny.write(tmp.resolve("f32"), json, weights, "F32");
        assertThat(Files.size(tmp.resolve("bf16/model.safetensors")))
                .isLessThan(Files.size(tmp.resolve("f32/model.safetensors")) * 6 / 10);
        try (HfModel bf16 = HfCheckpoint.load(tmp.resolve("bf16"), Device.cpu());
                HfModel f32 = HfCheckpoint.load(tmp.resolve("f32"), Device.cpu())) {
            Map<String, float[]> a = bf16.toTensors();
            Map<String, float[]> b = f32.toTensors();
            assertThat(a.keySet()).containsExactlyElementsOf(b.keySet());
            a.forEach((name, v) -> assertThat(v).as(name).containsExactly(b.get(name)));
        }
    }

    @Test
    void float16AndBfloat16ConvertExactly() {
        assertThat(Safetensors.f16ToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(Safetensors.f16ToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(Safetensors.f16ToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(Safetensors.f16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Safetensors.f16ToFloat((short) 0x8000)).isEqualTo(-0f);
        assertThat(Safetensors.f16ToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Safetensors.f16ToFloat((short) 0x7e00)).isNaN();
        assertThat(Safetensors.f16ToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(Safetensors.bf16ToFloat((short) 0x3f80)).isEqualTo(1f);
        assertThat(Safetensors.floatToBf16(1f + 0x1p-8f)).isEqualTo((short) 0x3f80); // tie to even
        assertThat(Safetensors.floatToBf16(1f + 0x1p-8f + 0x1p-20f)).isEqualTo((short) 0x3f81);
    }

    @Test
    void shardedCheckpointLoadsLikeOneFile() throws IOException {
        ObjectNode json = HfTiny.llama3Scaled();
        HfConfig config = HfConfig.parse(json);
        Map<String, float[]> weights = HfTiny.randomTensors(config, 31);
        HfTiny.writeSharded(tmp.resolve("sharded"), json, weights, 3);
        assertThat(tmp.resolve("sharded/model-00003-of-00003.safetensors")).exists();
        try (HfModel model = HfCheckpoint.load(tmp.resolve("sharded"), Device.cpu())) {
            Map<String, float[]> loaded = model.toTensors();
            assertThat(loaded.keySet()).containsExactlyElementsOf(weights.keySet());
            loaded.forEach((name, v) -> assertThat(v).as(name).containsExactly(weights.get(name)));
        }
    }

    @Test
    void tensorsStreamedInSmallBlocksOfRowsLoadUnchanged() throws IOException {
        ObjectNode json = HfTiny.qwen3();
        HfConfig config = HfConfig.parse(json);
        Map<String, float[]> weights = HfTiny.randomTensors(config, 51);
        weights.replaceAll((name, v) -> {
            float[] rounded = v.clone();
            for (int i = 0; i < v.length; i++) {
                rounded[i] = Safetensors.bf16ToFloat(Safetensors.floatToBf16(v[i]));
            }
            return rounded;
        });
        HfTiny.write(tmp.resolve("blocks"), json, weights, "BF16");
        // 1000 bytes: 3 embedding rows of 64 floats per block, 250 elements of a norm's weight, uneven last blocks.
        try (HfModel model = HfCheckpoint.load(tmp.resolve("blocks"), Device.cpu(), 1000)) {
            model.toTensors().forEach((name, v) -> assertThat(v).as(name).containsExactly(weights.get(name)));
        }
    }

    @Test
    void aSavedCheckpointReloadsBitIdentically() throws IOException {
        ObjectNode json = HfTiny.qwen3();
        HfConfig config = HfConfig.parse(json);
        HfTiny.write(tmp.resolve("a"), json, HfTiny.randomTensors(config, 41), "BF16");
        Files.writeString(tmp.resolve("a/prompt_template.txt"), PromptTemplate.KIMINA.text());
        try (HfModel a = HfCheckpoint.load(tmp.resolve("a"), Device.cpu())) {
            HfCheckpoint.save(a, tmp.resolve("b"), tmp.resolve("a"));
            assertThat(tmp.resolve("b/prompt_template.txt")).exists();
            try (HfModel b = HfCheckpoint.load(tmp.resolve("b"), Device.cpu())) {
                Map<String, float[]> before = a.toTensors();
                b.toTensors().forEach((name, v) -> assertThat(v).as(name).containsExactly(before.get(name)));
                assertThat(b.config().architecture()).isEqualTo(HfConfig.Architecture.QWEN3);
                assertThat(b.config().headDim()).isEqualTo(32);
                assertThat(b.config().raw().get("torch_dtype").asText()).isEqualTo("float32");
            }
            try (Safetensors.Reader reader = Safetensors.open(tmp.resolve("b/model.safetensors"))) {
                assertThat(reader.names()).containsExactlyElementsOf(HfModel.parameterShapes(config).keySet());
                assertThat(reader.entry("model.layers.0.self_attn.q_norm.weight").dtype()).isEqualTo("F32");
                assertThat(reader.metadata()).containsEntry("format", "pt");
            }
        }
    }

    @Test
    void contextIsEnforced() throws IOException {
        try (HfModel model = tiny(HfTiny.llamaLinear(), "context")) {
            Supplier<Object> tooLong = () -> {
                try (NDManager scope = model.newScope()) {
                    return model.logits(ids(scope, randomIds(1, 65)));
                }
            };
            assertThatThrownBy(tooLong::get).hasMessageContaining("exceed the model's context of 64");
        }
    }
}
