package dev.leanforge.trainer.bench;

import ai.djl.Device;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.sft.SftObjective;
import dev.leanforge.trainer.training.AdamW;
import dev.leanforge.trainer.training.Hyperparameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training throughput of the fixed 0.5 M-parameter config: full SFT steps (forward, backward, clipping, AdamW) on
 * random tokens, every position a target. Not a test: the numbers depend on the machine.
 */
public final class TrainBenchmark {

    /** Width 128, 4 heads, 2 layers, 64 positions, 768 ids, tied: 503,296 parameters. */
    public static final ModelConfig CONFIG = new ModelConfig(2, 4, 128, 64, 768, true);
    public static final int BATCH_SIZE = 32;

    /**
     * @param tokensPerSecond target tokens trained on per second over all timed steps
     * @param millisPerStep mean wall time of one timed step
     * @param bestRoundTokensPerSecond the fastest of the rounds the timed steps were split into, a reading less
     *     disturbed by other work on the machine
     * @param cpuMillisPerStep CPU time of the whole process (all threads) per timed step: on a shared machine it
     *     moves far less with the load than wall time does, so it compares settings measured at different times
     */
    public record Result(ModelConfig config, int batchSize, int timedSteps, double tokensPerSecond,
            double millisPerStep, double bestRoundTokensPerSecond, double cpuMillisPerStep, double firstLoss,
            double lastLoss) {}

    private TrainBenchmark() {}

    /** Runs {@code warmupSteps} untimed steps, then times {@code rounds} rounds of {@code steps} steps. */
    public static Result run(Device device, int warmupSteps, int steps, int rounds) {
        Random random = new Random(1);
        List<List<TokenSequence>> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            List<TokenSequence> batch = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++) {
                int[] ids = new int[CONFIG.context() + 1];
                for (int t = 0; t < ids.length; t++) {
                    ids[t] = random.nextInt(CONFIG.vocabSize());
                }
                batch.add(new TokenSequence(ids, 1));
            }
            batches.add(batch);
        }
        SftObjective objective = new SftObjective(0, BATCH_SIZE);
        try (GptModel model = GptModel.initialize(CONFIG, 1, device);
                AdamW adam = new AdamW(model, Hyperparameters.defaults())) {
            model.requireGradients(true);
            TimedSteps t = TimedSteps.run(model, objective, batches, adam, 1e-3, warmupSteps, steps, rounds);
            return new Result(CONFIG, BATCH_SIZE, t.timedSteps(), t.tokensPerSecond(), t.millisPerStep(),
                    t.bestTokensPerSecond(), t.cpuMillis() / t.timedSteps(), t.firstLoss(), t.lastLoss());
        }
    }
}
