package dev.leanforge.trainer.training;

import java.time.Duration;
import java.util.Map;

/**
 * One optimiser step.
 *
 * @param step 1-based step number
 * @param loss training loss of this step's batch
 * @param gradientNorm global gradient norm before clipping
 * @param tokensPerSecond non-padding tokens through the model per second, averaged over this process's steps
 * @param eta estimated time to {@code totalSteps} at the average pace so far
 * @param metrics objective-specific values (DPO: reward accuracy and margin)
 */
public record StepReport(
        long step, long totalSteps, double loss, double learningRate, double gradientNorm, double tokensPerSecond,
        Duration eta, Map<String, Double> metrics) {}
