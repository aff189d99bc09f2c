package dev.leanforge.trainer.bench;

import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.training.AdamW;
import dev.leanforge.trainer.training.TrainingLoop;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The timing loop of the training benchmarks: {@code warmupSteps} untimed optimiser steps, then {@code rounds} timed
 * rounds of {@code steps} steps, the batches taken in turn.
 *
 * @param firstLoss           the loss of the very first step (warm-up included)
 * @param lastLoss            the loss of the last step
 * @param tokens              the tokens of the timed steps
 * @param seconds             the wall time of the timed steps
 * @param bestTokensPerSecond the fastest round's tokens per second
 * @param timedSteps          {@code steps × rounds}
 * @param cpuMillis           CPU time of all the process's threads (PyTorch's native ones included) over the timed
 *                            steps; NaN where the JVM cannot tell
 */
record TimedSteps(double firstLoss, double lastLoss, long tokens, double seconds, double bestTokensPerSecond,
                  int timedSteps, double cpuMillis) {

    static <E> TimedSteps run(CausalLm model, TrainingLoop.Objective<E> objective, List<List<E>> batches, AdamW adam,
            double rate, int warmupSteps, int steps, int rounds) {
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        int step = 0;
        for (; step < warmupSteps; step++) {
            lastLoss = TrainingLoop.step(model, objective, batches.get(step % batches.size()), adam, rate).loss();
            firstLoss = step == 0 ? lastLoss : firstLoss;
        }
        long tokens = 0;
        double seconds = 0;
        long cpuStarted = processCpuNanos();
        double best = 0;
        for (int round = 0; round < rounds; round++) {
            long roundTokens = 0;
            long started = System.nanoTime();
            for (int i = 0; i < steps; i++, step++) {
                TrainingLoop.StepResult r =
                        TrainingLoop.step(model, objective, batches.get(step % batches.size()), adam, rate);
                firstLoss = step == 0 ? r.loss() : firstLoss;
                lastLoss = r.loss();
                roundTokens += r.tokens();
            }
            double roundSeconds = (System.nanoTime() - started) / 1e9;
            best = Math.max(best, roundTokens / roundSeconds);
            tokens += roundTokens;
            seconds += roundSeconds;
        }
        long cpuEnded = processCpuNanos();
        double cpuMillis = cpuStarted < 0 || cpuEnded < 0 ? Double.NaN : (cpuEnded - cpuStarted) / 1e6;
        return new TimedSteps(firstLoss, lastLoss, tokens, seconds, best, steps * rounds, cpuMillis);
    }

    double tokensPerSecond() {
        return tokens / seconds;
    }

    double millisPerStep() {
        return seconds * 1000 / timedSteps;
    }

    /** CPU time of all the process's threads (PyTorch's native ones included); -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
