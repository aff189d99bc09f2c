package dev.leanforge.loop.cli;

import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.data.BadLinePolicy;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options shared by {@code train sft} and {@code train dpo}. */
public final class TrainingOptions {

    @Within(Limit.EPOCHS)
    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N",
            description = "Passes over the data (default: ${DEFAULT-VALUE}); ignored when --max-steps is set.")
    int epochs;

    @Within(Limit.STEPS)
    @Option(names = "--max-steps", defaultValue = "0", paramLabel = "N",
            description = "Total optimiser steps, overriding --epochs.")
    long maxSteps;

    @Within(Limit.BATCH_SIZE)
    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
            description = "Examples (DPO: pairs) per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Within(Limit.LEARNING_RATE)
    @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (default: SFT 3e-4, DPO 1e-5).")
    Double learningRate;

    @Within(Limit.STEPS)
    @Option(names = "--warmup", defaultValue = "50", paramLabel = "STEPS",
            description = "Linear warm-up steps before the cosine decay (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Within(Limit.MIN_LR_RATIO)
    @Option(names = "--min-lr-ratio", defaultValue = "0.1", paramLabel = "R",
            description = "The cosine decays to R × the peak rate (default: ${DEFAULT-VALUE}).")
    double minLearningRateRatio;

    @Within(Limit.WEIGHT_DECAY)
    @Option(names = "--weight-decay", defaultValue = "0.01", paramLabel = "W",
            description = "AdamW decoupled weight decay on matrices and embeddings (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Within(Limit.MAX_GRAD_NORM)
    @Option(names = "--max-grad-norm", defaultValue = "1.0", paramLabel = "N",
            description = "Clip the global gradient norm to N; 0 disables (default: ${DEFAULT-VALUE}).")
    double maxGradNorm;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seeds the data order and a fresh model's weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Within(Limit.STEPS)
    @Option(names = "--save-every", defaultValue = "500", paramLabel = "STEPS",
            description = "Write OUT/checkpoint-<step>/ every STEPS steps; 0 for only the final model "
                    + "(default: ${DEFAULT-VALUE}).")
    int saveEvery;

    @Within(Limit.KEEP_CHECKPOINTS)
    @Option(names = "--keep-checkpoints", defaultValue = "2", paramLabel = "K",
            description = "Keep the newest K checkpoints (default: ${DEFAULT-VALUE}).")
    int keepCheckpoints;

    @Option(names = "--eval", paramLabel = "FILE.jsonl", description = "Held-out records to evaluate on.")
    Path eval;

    @Within(Limit.STEPS)
    @Option(names = "--eval-every", defaultValue = "200", paramLabel = "STEPS",
            description = "Evaluate every STEPS steps and at the end; 0 for only the end (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--resume",
            description = "Continue from the newest OUT/checkpoint-<step>/ with the options saved there.")
    boolean resume;

    @Option(names = "--on-bad-line", defaultValue = "skip", paramLabel = "skip|reject",
            description = "A data line that is not a usable record is reported with its number and then skipped, "
                    + "or stops the command (default: ${DEFAULT-VALUE}).")
    BadLinePolicy badLines;

    /** A run's options and, with {@code --resume}, the checkpoint it continues from. */
    record Run(RunOptions options, Path resumeFrom) {}

    /**
     * Checks {@code --eval}, then: with {@code --resume}, the newest checkpoint under {@code out} and the options
     * saved there (they win over the command line, so a resumed run continues the same schedule); else these
     * options.
     */
    Run run(CommandLine cli, Path out, double defaultLearningRate) throws IOException {
        if (eval != null) {
            CliFiles.requireFile(cli, "--eval", eval);
        }
        RunOptions options = runOptions(defaultLearningRate);
        if (!resume) {
            return new Run(options, null);
        }
        Path resumeFrom = CliFiles.latestCheckpoint(cli, out);
        cli.getErr().println("resuming from " + resumeFrom + " with its saved options");
        return new Run(TrainingState.read(resumeFrom).options(), resumeFrom);
    }

    RunOptions runOptions(double defaultLearningRate) {
        Hyperparameters hp = new Hyperparameters(learningRate == null ? defaultLearningRate : learningRate, warmup,
                minLearningRateRatio, weightDecay, 0.9, 0.999, 1e-8, maxGradNorm);
        return new RunOptions(batchSize, epochs, maxSteps, hp, seed, saveEvery, evalEvery, keepCheckpoints);
    }
}
