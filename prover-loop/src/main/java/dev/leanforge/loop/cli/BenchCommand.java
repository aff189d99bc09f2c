package dev.leanforge.loop.cli;

import ai.djl.Device;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.bench.HfBenchmark;
import dev.leanforge.trainer.bench.MatrixProductBound;
import dev.leanforge.trainer.bench.SampleBenchmark;
import dev.leanforge.trainer.bench.TrainBenchmark;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.hf.HfConfig;
import dev.leanforge.trainer.hf.HfModel;
import dev.leanforge.trainer.hf.LoraConfig;
import dev.leanforge.trainer.model.ModelConfig;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leanforge bench train|sample}: throughput of the fixed tiny configs on this machine. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure training and sampling speed of fixed tiny models with random weights and tokens.")
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing what to measure: train or sample");
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Tokens/s of full training steps (forward, backward, clipping, AdamW) of the 0.5 M-parameter "
                    + "config: width 128, 4 heads, 2 layers, 64 positions, 768 ids, batch 32; then the time of the "
                    + "step's matrix products alone, the bound no step can beat on this machine.")
    int train(
            @Within(Limit.BENCH_STEPS) @Option(names = "--steps", defaultValue = "20", paramLabel = "N",
                    description = "Timed steps per round (default: ${DEFAULT-VALUE}).") int steps,
            @Within(Limit.BENCH_ROUNDS) @Option(names = "--rounds", defaultValue = "3", paramLabel = "R",
                    description = "Timed rounds (default: ${DEFAULT-VALUE}).") int rounds,
            @Within(Limit.BENCH_WARMUP) @Option(names = "--warmup", defaultValue = "5", paramLabel = "N",
                    description = "Untimed steps first (default: ${DEFAULT-VALUE}).") int warmup,
            @Option(names = "--arch", defaultValue = "gpt", paramLabel = "gpt|qwen3",
                    description = "gpt: our 0.5 M-parameter GPT; qwen3: a 19 M-parameter Qwen3-shaped Hugging Face "
                            + "model (8 layers, width 384, 16,384 ids), batch 8 of 128 tokens (default: "
                            + "${DEFAULT-VALUE}).") String arch,
            @Option(names = "--lora", description = "qwen3: train LoRA adapters (r 16, alpha 32, every projection) "
                    + "instead of every weight.") boolean lora,
            @Mixin ComputeOptions compute) {
        boolean qwen3 = checkArch("train", arch);
        if (lora && !qwen3) {
            throw new CommandLine.ParameterException(subcommand("train"), "--lora needs --arch qwen3");
        }
        Device device = compute.device();
        PrintWriter out = spec.commandLine().getOut();
        out.println(Compute.describe(device));
        out.println("environment: " + Compute.nativeEnvironment());
        if (qwen3) {
            HfBenchmark.TrainResult r = HfBenchmark.train(device,
                    lora ? new LoraConfig(16, 32, 0.0, LoraConfig.MODULES) : null, warmup, steps, rounds);
            out.printf("train: %s, %s (%,d of %,d parameters trained), batch %d × %d tokens: %,.0f tokens/s in the "
                            + "best round, %,.0f over all %d steps (%.1f ms/step; loss %.3f -> %.3f)%n",
                    describe(r.config()), lora ? "LoRA r 16" : "full", r.trained(), r.parameters(), r.batchSize(),
                    r.sequence(), r.bestRoundTokensPerSecond(), r.tokensPerSecond(), r.timedSteps(),
                    r.millisPerStep(), r.firstLoss(), r.lastLoss());
            out.println(describe(r.memory()));
            return 0;
        }
        TrainBenchmark.Result r = TrainBenchmark.run(device, warmup, steps, rounds);
        out.printf("train: %s, batch %d: %,.0f tokens/s in the best round, %,.0f over all %d steps (%.1f ms/step, "
                        + "%.1f CPU ms/step; loss %.3f -> %.3f)%n",
                describe(r.config()), r.batchSize(), r.bestRoundTokensPerSecond(), r.tokensPerSecond(),
                r.timedSteps(), r.millisPerStep(), r.cpuMillisPerStep(), r.firstLoss(), r.lastLoss());
        MatrixProductBound.Result bound =
                MatrixProductBound.measure(r.config(), r.batchSize(), device, warmup, steps);
        out.printf("bound: the step's matrix products alone take %.1f ms at best (median %.1f; %.2f GFLOP, %.0f "
                        + "GFLOP/s), so no step here exceeds %,.0f tokens/s%n",
                bound.bestMillis(), bound.medianMillis(), bound.gflopPerStep(), bound.gflopPerSecond(),
                bound.tokensPerSecondBound());
        return 0;
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = "New tokens/s of greedy generation with and without the KV cache (the train config's sizes "
                    + "with 320 positions).")
    int sample(
            @Within(Limit.SAMPLE_BATCH) @Option(names = "--batch", defaultValue = "1", paramLabel = "B",
                    description = "Sequences generated together (default: ${DEFAULT-VALUE}).") int batch,
            @Within(Limit.BENCH_TOKENS) @Option(names = "--prompt-tokens", defaultValue = "32", paramLabel = "N",
                    description = "Prompt length (default: ${DEFAULT-VALUE}).") int promptTokens,
            @Within(Limit.BENCH_TOKENS) @Option(names = "--new-tokens", defaultValue = "256", paramLabel = "N",
                    description = "Tokens to generate (default: ${DEFAULT-VALUE}).") int newTokens,
            @Within(Limit.BENCH_ROUNDS) @Option(names = "--rounds", defaultValue = "3", paramLabel = "R",
                    description = "Alternating timed rounds; the best of each mode is reported "
                            + "(default: ${DEFAULT-VALUE}).") int rounds,
            @Option(names = "--arch", defaultValue = "gpt", paramLabel = "gpt|qwen3",
                    description = "gpt: our GPT of the train benchmark's sizes; qwen3: the 19 M-parameter "
                            + "Qwen3-shaped model of bench train --arch qwen3, with the KV cache only (default: "
                            + "${DEFAULT-VALUE}).") String arch,
            @Mixin ComputeOptions compute) {
        if (checkArch("sample", arch)) {
            if (promptTokens + newTokens > HfBenchmark.QWEN3.context()) {
                throw new CommandLine.ParameterException(subcommand("sample"), "--prompt-tokens + --new-tokens must "
                        + "be at most " + HfBenchmark.QWEN3.context());
            }
            Device device = compute.device();
            PrintWriter out = spec.commandLine().getOut();
            out.println(Compute.describe(device));
            out.println("environment: " + Compute.nativeEnvironment());
            HfBenchmark.SampleResult r = HfBenchmark.sample(device, batch, promptTokens, newTokens, rounds);
            out.printf("sample: %s, batch %d, %d prompt + %d new tokens, best of %d: %,.0f tokens/s with the KV "
                            + "cache%n", describe(r.config()), r.batch(), r.promptTokens(), r.newTokens(), r.rounds(),
                    r.tokensPerSecond());
            out.println(describe(r.memory()));
            return 0;
        }
        if (promptTokens + newTokens > SampleBenchmark.CONFIG.context() + 1) {
            throw new CommandLine.ParameterException(subcommand("sample"), "--prompt-tokens + --new-tokens must be at "
                    + "most " + (SampleBenchmark.CONFIG.context() + 1));
        }
        Device device = compute.device();
        PrintWriter out = spec.commandLine().getOut();
        out.println(Compute.describe(device));
        out.println("environment: " + Compute.nativeEnvironment());
        SampleBenchmark.Result r = SampleBenchmark.run(device, batch, promptTokens, newTokens, rounds);
        out.printf("sample: %s, batch %d, %d prompt + %d new tokens, best of %d: %,.0f tokens/s with the KV cache, "
                        + "%,.0f without (%.1fx)%n",
                describe(r.config()), r.batch(), r.promptTokens(), r.newTokens(), r.rounds(),
                r.cachedTokensPerSecond(), r.uncachedTokensPerSecond(), r.speedup());
        return 0;
    }

    /** The method subcommand's own command line: {@code spec} is bench's, so its errors would point at bench. */
    private CommandLine subcommand(String name) {
        return spec.commandLine().getSubcommands().get(name);
    }

    private boolean checkArch(String command, String arch) {
        if (!arch.equals("gpt") && !arch.equals("qwen3")) {
            throw new CommandLine.ParameterException(subcommand(command), "--arch must be gpt or qwen3, got \""
                    + arch + "\"");
        }
        return arch.equals("qwen3");
    }

    private static String describe(HfConfig c) {
        return String.format("Qwen3-shaped, %,d parameters (width %d, %d layers, %d/%d heads of %d, MLP %d, %d ids)",
                HfModel.parameterCount(c), c.hidden(), c.layers(), c.heads(), c.kvHeads(), c.headDim(),
                c.intermediate(), c.vocabSize());
    }

    private static String describe(HfBenchmark.Memory m) {
        return String.format("memory: JVM heap peak %s; process RSS peak %s (VmHWM), now %s (VmRSS), PyTorch's "
                + "native tensors included", mib(m.heapPeakBytes()), mib(m.rssPeakBytes()), mib(m.rssBytes()));
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "unknown" : String.format("%,.0f MiB", bytes / 1048576.0);
    }

    private static String describe(ModelConfig c) {
        return String.format("%,d parameters (width %d, %d heads, %d layers, %d positions, %d ids)",
                c.parameterCount(), c.width(), c.heads(), c.layers(), c.context(), c.vocabSize());
    }
}
