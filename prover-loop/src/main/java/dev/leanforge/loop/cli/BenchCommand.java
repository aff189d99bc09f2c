package dev.leanforge.loop.cli;

import ai.djl.Device;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.bench.MatrixProductBound;
import dev.leanforge.trainer.bench.SampleBenchmark;
import dev.leanforge.trainer.bench.TrainBenchmark;
import dev.leanforge.trainer.device.Compute;
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
            @Mixin ComputeOptions compute) {
        Device device = compute.device();
        PrintWriter out = spec.commandLine().getOut();
        out.println(Compute.describe(device));
        out.println("environment: " + Compute.nativeEnvironment());
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
            @Mixin ComputeOptions compute) {
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

    private static String describe(ModelConfig c) {
        return String.format("%,d parameters (width %d, %d heads, %d layers, %d positions, %d ids)",
                c.parameterCount(), c.width(), c.heads(), c.layers(), c.context(), c.vocabSize());
    }
}
