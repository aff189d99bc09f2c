package dev.leanforge.trainer.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.hf.HfConfig;
import dev.leanforge.trainer.hf.HfModel;
import dev.leanforge.trainer.hf.LoraConfig;
import dev.leanforge.trainer.sampling.Generator;
import dev.leanforge.trainer.sampling.SamplingOptions;
import dev.leanforge.trainer.sft.SftObjective;
import dev.leanforge.trainer.training.AdamW;
import dev.leanforge.trainer.training.Hyperparameters;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training and sampling speed of a Hugging Face architecture: a ~19 M-parameter Qwen3-shaped model with random
 * weights (Qwen3's layout — grouped-query attention, q/k norms, SwiGLU, tied embeddings — at a size a CPU trains),
 * on random tokens; training fully or LoRA on every projection. Not a test: the numbers depend on the machine.
 */
public final class HfBenchmark {

    /** 8 layers of width 384, 6 query and 2 key/value heads of 64, MLP 1024, 16,384 ids, 512 positions, tied. */
    public static final HfConfig QWEN3 = HfConfig.parse("{\"model_type\": \"qwen3\", \"vocab_size\": 16384,"
            + " \"hidden_size\": 384, \"intermediate_size\": 1024, \"num_hidden_layers\": 8,"
            + " \"num_attention_heads\": 6, \"num_key_value_heads\": 2, \"head_dim\": 64,"
            + " \"max_position_embeddings\": 512, \"tie_word_embeddings\": true, \"rope_theta\": 1000000.0,"
            + " \"eos_token_id\": 0}");
    public static final int BATCH_SIZE = 8;
    public static final int SEQUENCE = 128;

    /**
     * Peak memory: the JVM heap's (summed over its pools' peaks) and the process's resident set from
     * {@code /proc/self/status} ({@code VmHWM}, the peak, and {@code VmRSS}, now), which holds PyTorch's native
     * tensors; -1 where unknown.
     */
    public record Memory(long heapPeakBytes, long rssPeakBytes, long rssBytes) {

        public static Memory now() {
            long heap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    heap += pool.getPeakUsage().getUsed();
                }
            }
            return new Memory(heap, status("VmHWM:"), status("VmRSS:"));
        }

        private static long status(String key) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(key)) {
                        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }

    public record TrainResult(HfConfig config, LoraConfig lora, long parameters, long trained, int batchSize,
            int sequence, int timedSteps, double tokensPerSecond, double bestRoundTokensPerSecond,
            double millisPerStep, double firstLoss, double lastLoss, Memory memory) {}

    public record SampleResult(HfConfig config, long parameters, int batch, int promptTokens, int newTokens,
            int rounds, double tokensPerSecond, Memory memory) {}

    private HfBenchmark() {}

    /** {@code QWEN3} with random weights (normal, σ 0.02; norms 1). */
    public static HfModel randomModel(HfConfig config, Device device) {
        Random random = new Random(1);
        Map<String, float[]> weights = new LinkedHashMap<>();
        HfModel.parameterShapes(config).forEach((name, shape) -> {
            float[] v = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            boolean norm = name.endsWith("norm.weight");
            for (int i = 0; i < v.length; i++) {
                v[i] = norm ? 1f : (float) (0.02 * random.nextGaussian());
            }
            weights.put(name, v);
        });
        return HfModel.fromTensors(config, weights, device);
    }

    /** SFT steps on random sequences of {@link #SEQUENCE} tokens, every position a target; {@code lora} null: full. */
    public static TrainResult train(Device device, LoraConfig lora, int warmupSteps, int steps, int rounds) {
        Random random = new Random(1);
        List<List<TokenSequence>> batches = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            List<TokenSequence> batch = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++) {
                int[] ids = new int[SEQUENCE + 1];
                for (int t = 0; t < ids.length; t++) {
                    ids[t] = 1 + random.nextInt(QWEN3.vocabSize() - 1);
                }
                batch.add(new TokenSequence(ids, 1));
            }
            batches.add(batch);
        }
        SftObjective objective = new SftObjective(0, BATCH_SIZE);
        try (HfModel model = randomModel(QWEN3, device)) {
            Map<String, NDArray> trained;
            if (lora != null) {
                model.addLora(lora, 1);
                model.trainAdapters(true);
                trained = model.loraParameters();
            } else {
                model.parameters().values().forEach(p -> p.setRequiresGradient(true));
                trained = model.parameters();
            }
            long trainedCount = trained.values().stream().mapToLong(p -> p.getShape().size()).sum();
            try (AdamW adam = new AdamW(trained, model.newScope(), Hyperparameters.defaults())) {
                TimedSteps t = TimedSteps.run(model, objective, batches, adam, 1e-4, warmupSteps, steps, rounds);
                return new TrainResult(QWEN3, lora, HfModel.parameterCount(QWEN3), trainedCount, BATCH_SIZE,
                        SEQUENCE, t.timedSteps(), t.tokensPerSecond(), t.bestTokensPerSecond(), t.millisPerStep(),
                        t.firstLoss(), t.lastLoss(), Memory.now());
            }
        }
    }

    /** Greedy generation with the KV cache from random prompts (no end token: every row makes all new tokens). */
    public static SampleResult sample(Device device, int batch, int promptTokens, int newTokens, int rounds) {
        if (promptTokens + newTokens > QWEN3.context()) {
            throw new IllegalArgumentException("prompt + new tokens exceed the benchmark context of "
                    + QWEN3.context());
        }
        Random random = new Random(2);
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int[] p = new int[promptTokens];
            for (int t = 0; t < promptTokens; t++) {
                p[t] = 1 + random.nextInt(QWEN3.vocabSize() - 1);
            }
            prompts.add(p);
        }
        SamplingOptions greedy = SamplingOptions.greedy(newTokens);
        try (HfModel model = randomModel(QWEN3, device)) {
            Generator generator = Generator.idsOnly(model);
            generator.generate(prompts, SamplingOptions.greedy(Math.min(newTokens, 32)), true); // warm-up
            double best = 0;
            for (int round = 0; round < rounds; round++) {
                long started = System.nanoTime();
                int generated = generator.generate(prompts, greedy, true).stream()
                        .mapToInt(c -> c.tokenIds().length).sum();
                best = Math.max(best, generated / ((System.nanoTime() - started) / 1e9));
            }
            return new SampleResult(QWEN3, HfModel.parameterCount(QWEN3), batch, promptTokens, newTokens, rounds,
                    best, Memory.now());
        }
    }
}
