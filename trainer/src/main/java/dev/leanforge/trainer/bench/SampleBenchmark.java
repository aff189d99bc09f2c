package dev.leanforge.trainer.bench;

import ai.djl.Device;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.sampling.Generator;
import dev.leanforge.trainer.sampling.SamplingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generation speed with and without the KV cache: the training benchmark's sizes with room for a prompt plus the
 * new tokens, greedy decoding of random prompts (no end token, so every row generates all new tokens).
 */
public final class SampleBenchmark {

    /** The {@link TrainBenchmark#CONFIG} block sizes with 320 positions. */
    public static final ModelConfig CONFIG = new ModelConfig(2, 4, 128, 320, 768, true);

    /**
     * New tokens per second with and without the cache (each the best of the rounds, which alternate between the
     * two so that both see the same machine load), and their ratio.
     */
    public record Result(ModelConfig config, int batch, int promptTokens, int newTokens, int rounds,
            double cachedTokensPerSecond, double uncachedTokensPerSecond) {

        public double speedup() {
            return cachedTokensPerSecond / uncachedTokensPerSecond;
        }
    }

    private SampleBenchmark() {}

    public static Result run(Device device, int batch, int promptTokens, int newTokens, int rounds) {
        if (promptTokens + newTokens > CONFIG.context() + 1) {
            throw new IllegalArgumentException("prompt + new tokens exceed the benchmark context of "
                    + CONFIG.context());
        }
        Random random = new Random(2);
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int[] p = new int[promptTokens];
            for (int t = 0; t < promptTokens; t++) {
                p[t] = random.nextInt(CONFIG.vocabSize());
            }
            prompts.add(p);
        }
        SamplingOptions greedy = SamplingOptions.greedy(newTokens);
        try (GptModel model = GptModel.initialize(CONFIG, 1, device)) {
            Generator generator = Generator.idsOnly(model);
            // Warm-up: the JIT compiles the per-token Java path only after some hundred steps.
            generator.generate(prompts, greedy, true);
            generator.generate(prompts, SamplingOptions.greedy(Math.min(newTokens, 32)), false);
            double cached = 0;
            double uncached = 0;
            for (int round = 0; round < rounds; round++) {
                cached = Math.max(cached, tokensPerSecond(generator, prompts, greedy, true));
                uncached = Math.max(uncached, tokensPerSecond(generator, prompts, greedy, false));
            }
            return new Result(CONFIG, batch, promptTokens, newTokens, rounds, cached, uncached);
        }
    }

    private static double tokensPerSecond(Generator generator, List<int[]> prompts, SamplingOptions options,
            boolean cache) {
        long started = System.nanoTime();
        int generated = generator.generate(prompts, options, cache).stream()
                .mapToInt(c -> c.tokenIds().length).sum();
        return generated / ((System.nanoTime() - started) / 1e9);
    }
}
