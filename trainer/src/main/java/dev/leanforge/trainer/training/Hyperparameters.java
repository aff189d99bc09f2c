package dev.leanforge.trainer.training;

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
        if (!(learningRate > 0) || warmupSteps < 0 || weightDecay < 0 || beta1 < 0 || beta1 >= 1 || beta2 < 0
                || beta2 >= 1 || !(epsilon > 0) || maxGradNorm < 0) {
            throw new IllegalArgumentException("bad hyperparameters: " + this);
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
