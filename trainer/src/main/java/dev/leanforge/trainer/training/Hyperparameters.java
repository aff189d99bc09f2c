package dev.leanforge.trainer.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Optimiser and schedule settings shared by SFT and DPO.
 *
 * @param learningRate peak learning rate after warm-up
 * @param warmupSteps linear warm-up length
 * @param minLearningRateRatio floor of the cosine decay as a fraction of the peak
 * @param weightDecay decoupled (AdamW) weight decay, applied to matrices and embeddings, not to biases or norms
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator guard
 * @param maxGradNorm clip the global L2 norm of all gradients to this; 0 disables clipping
 */
public record Hyperparameters(
        double learningRate, int warmupSteps, double minLearningRateRatio, double weightDecay, double beta1,
        double beta2, double epsilon, double maxGradNorm) {

    public Hyperparameters {
        // The message names what is wrong from the parameters: `this` has no values yet in a compact constructor.
        List<String> wrong = new ArrayList<>();
        if (!(learningRate > 0)) {
            wrong.add("learning rate must be > 0, got " + learningRate);
        }
        if (warmupSteps < 0) {
            wrong.add("warm-up steps must be >= 0, got " + warmupSteps);
        }
        if (weightDecay < 0) {
            wrong.add("weight decay must be >= 0, got " + weightDecay);
        }
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            wrong.add("Adam's betas must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(epsilon > 0)) {
            wrong.add("epsilon must be > 0, got " + epsilon);
        }
        if (maxGradNorm < 0) {
            wrong.add("max gradient norm must be >= 0, got " + maxGradNorm);
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("bad hyperparameters: " + String.join("; ", wrong));
        }
    }

    /** Common defaults for small GPT fine-tuning. */
    public static Hyperparameters defaults() {
        return new Hyperparameters(3e-4, 100, 0.1, 0.01, 0.9, 0.999, 1e-8, 1.0);
    }

    public Hyperparameters withLearningRate(double rate) {
        return new Hyperparameters(rate, warmupSteps, minLearningRateRatio, weightDecay, beta1, beta2, epsilon,
                maxGradNorm);
    }

    public Hyperparameters withWarmupSteps(int steps) {
        return new Hyperparameters(learningRate, steps, minLearningRateRatio, weightDecay, beta1, beta2, epsilon,
                maxGradNorm);
    }

    public Hyperparameters withWeightDecay(double decay) {
        return new Hyperparameters(learningRate, warmupSteps, minLearningRateRatio, decay, beta1, beta2, epsilon,
                maxGradNorm);
    }

    public Hyperparameters withMaxGradNorm(double norm) {
        return new Hyperparameters(learningRate, warmupSteps, minLearningRateRatio, weightDecay, beta1, beta2,
                epsilon, norm);
    }
}
