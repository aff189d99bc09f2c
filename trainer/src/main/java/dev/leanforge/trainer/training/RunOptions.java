package dev.leanforge.trainer.training;

import java.util.ArrayList;
import java.util.List;

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
        // The message names what is wrong from the parameters: `this` has no values yet in a compact constructor.
        List<String> wrong = new ArrayList<>();
        if (batchSize <= 0) {
            wrong.add("batch size must be >= 1, got " + batchSize);
        }
        if (epochs < 0 || maxSteps < 0 || (epochs == 0 && maxSteps == 0)) {
            wrong.add("epochs or max steps must be >= 1 (and neither negative), got " + epochs + " and " + maxSteps);
        }
        if (saveEvery < 0) {
            wrong.add("save-every must be >= 0, got " + saveEvery);
        }
        if (evalEvery < 0) {
            wrong.add("eval-every must be >= 0, got " + evalEvery);
        }
        if (keepCheckpoints < 1) {
            wrong.add("checkpoints kept must be >= 1, got " + keepCheckpoints);
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("bad run options: " + String.join("; ", wrong));
        }
    }

    public long totalSteps(DataOrder order) {
        return maxSteps > 0 ? maxSteps : (long) epochs * order.stepsPerEpoch();
    }
}
