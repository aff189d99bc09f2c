package dev.leanforge.trainer.rl;

/**
 * GRPO's group-relative advantages (Shao et al. 2024, DeepSeekMath): each sample's reward minus the mean reward of
 * its group (the samples of the same prompt), optionally divided by the group's standard deviation. Kimina-Prover's
 * RL and Dr. GRPO (Liu et al. 2025) leave the division out: it weights nearly-solved and nearly-unsolved groups up.
 * A group whose rewards are all equal has every advantage 0 and gives no gradient: callers skip it
 * ({@link #informative}).
 */
public final class Advantages {

    /** Added to the standard deviation before dividing, as TRL's GRPO trainer does. */
    public static final double STD_EPSILON = 1e-4;

    private Advantages() {}

    /**
     * The advantages of one group.
     *
     * @param normalize divide by the sample standard deviation (n − 1 in the denominator, as
     *                  {@code torch.std}) plus {@link #STD_EPSILON}
     */
    public static double[] of(double[] rewards, boolean normalize) {
        if (rewards.length == 0) {
            throw new IllegalArgumentException("an empty group has no advantages");
        }
        double mean = mean(rewards);
        double scale = 1;
        if (normalize) {
            double squares = 0;
            for (double r : rewards) {
                squares += (r - mean) * (r - mean);
            }
            double std = rewards.length > 1 ? Math.sqrt(squares / (rewards.length - 1)) : 0;
            scale = std + STD_EPSILON;
        }
        double[] out = new double[rewards.length];
        for (int i = 0; i < rewards.length; i++) {
            out[i] = (rewards[i] - mean) / scale;
        }
        return out;
    }

    /** Whether the group's rewards differ: only then do its advantages carry a signal. */
    public static boolean informative(double[] rewards) {
        for (double r : rewards) {
            if (r != rewards[0]) {
                return true;
            }
        }
        return false;
    }

    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
