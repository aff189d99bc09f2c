package dev.leanforge.trainer.training;

import java.nio.file.Path;
import java.util.Map;

/** Receives a training run's progress; the CLI renders it as a progress bar, tests collect it. */
public interface TrainingListener {

    /** Before the first step of this process; {@code firstStep > 1} when resuming. */
    default void onStart(long firstStep, long totalSteps) {}

    void onStep(StepReport report);

    /** Held-out metrics (e.g. {@code eval_loss}) after step {@code step}. */
    default void onEvaluation(long step, Map<String, Double> metrics) {}

    default void onCheckpoint(long step, Path directory) {}

    TrainingListener NONE = report -> {};
}
