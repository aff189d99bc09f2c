package dev.leanforge.trainer.training;

/**
 * How long and how a training run goes; saved with every checkpoint so a resumed run continues identically.
 *
 * @param batchSize examples per step
 * @param epochs passes over the data, used when {@code maxSteps} is 0
 * @param maxSteps total steps, overriding {@code epochs} when positive
 * @param seed model initialisation (for fresh models) and data order
 * @param saveEvery write {@code checkpoint-<step>/} every this many steps; 0 for only the final model
 * @param evalEvery evaluate on the held-out examples every this many steps (and at the end); 0 for only the end
 * @param keepCheckpoints how many of the newest {@code checkpoint-<step>/} directories to keep
 */
public record RunOptions(
        int batchSize, int epochs, long maxSteps, Hyperparameters hyperparameters, long seed, int saveEvery,
        int evalEvery, int keepCheckpoints) {

    public RunOptions {
        if (batchSize <= 0 || epochs < 0 || maxSteps < 0 || (epochs == 0 && maxSteps == 0) || saveEvery < 0
                || evalEvery < 0 || keepCheckpoints < 1) {
            throw new IllegalArgumentException("bad run options: " + this);
        }
    }

    public long totalSteps(DataOrder order) {
        return maxSteps > 0 ? maxSteps : (long) epochs * order.stepsPerEpoch();
    }
}
