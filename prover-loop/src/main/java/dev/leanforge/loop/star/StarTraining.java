package dev.leanforge.loop.star;

import ai.djl.Device;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.data.BadLinePolicy;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.LoraConfig;
import dev.leanforge.trainer.hf.PeftAdapter;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.rl.GrpoObjective;
import dev.leanforge.trainer.rl.GrpoOptions;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.StepReport;
import dev.leanforge.trainer.training.TrainingListener;
import dev.leanforge.trainer.training.TrainingLoop;
import dev.leanforge.trainer.training.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The DJL side of a STaR round: the tokenizer, SFT, DPO and GRPO, each through {@link Training} and each writing a model directory and picking up where a
 * killed run left it. Blocking compute: call it on a worker thread, never a Vert.x event loop.
 *
 * <p>A training whose final model is in its directory (with a {@code trainer_state.json} at the last step) is not
 * redone; one that was killed part-way continues from its newest {@code checkpoint-<step>/}, which the training
 * loop refuses if the data or options changed.
 */
final class StarTraining {

    /** Where SFT starts: a model directory, or a fresh model of these sizes with this tokenizer. */
    sealed interface Start permits FromModel, Fresh {}

    record FromModel(Path dir) implements Start {}

    /** @param sizes the vocabulary size is replaced by the tokenizer's */
    record Fresh(ModelConfig sizes, Path tokenizer) implements Start {}

    /**
     * A finished training.
     *
     * @param loss the last step's loss; null when this process did not run the last step (the training had finished
     *             before a resume)
     */
    record Result(Path model, long steps, Double loss, Map<String, Double> metrics) {}

    private final Device device;
    private final Consumer<String> log;
    private final LoraConfig lora;

    StarTraining(Device device, Consumer<String> log) {
        this(device, log, null);
    }

    /**
     * @param lora when not null, a round that starts from a Hugging Face model (or an adapter) trains LoRA adapters
     *     on it: its candidate is base + adapter, an adapter directory naming the model it started from (so the
     *     {@code model:DIR} policy, promotion and the next round take it as they take a model). Our own GPT is
     *     always trained fully.
     */
    StarTraining(Device device, Consumer<String> log, LoraConfig lora) {
        this.device = Objects.requireNonNull(device, "device");
        this.log = Objects.requireNonNull(log, "log");
        this.lora = lora;
    }

    /** LoRA for a run from {@code dir} when one is configured and {@code dir} is a Hugging Face model or adapter. */
    private LoraConfig loraFor(Path dir) {
        return lora != null && dir != null
                && (HfCheckpoint.isHfDirectory(dir) || PeftAdapter.isAdapterDirectory(dir)) ? lora : null;
    }

    /** Learns a byte-level BPE tokenizer of {@code vocab} ids from {@code texts} into {@code dir}, unless there. */
    static Path tokenizer(List<String> texts, int vocab, Path dir) throws IOException {
        return Training.tokenizer(texts, vocab, dir);
    }

    /** SFT on the {@code {"prompt", "completion"}} records of {@code data} into {@code out}. */
    Result sft(Path data, Start start, RunOptions options, Path out, TrainingListener listener) throws IOException {
        if (finished(out)) {
            return done(out);
        }
        Path resumeFrom = TrainingLoop.latestCheckpoint(out).orElse(null);
        LastStep last = new LastStep(listener);
        Training.Run run = Training.sft(data).out(out).options(options).badLines(BadLinePolicy.REJECT)
                .resumeFrom(resumeFrom).device(device).listener(last).log(log);
        if (start instanceof FromModel from && loraFor(from.dir()) != null) {
            run.init(from.dir()).lora(loraFor(from.dir())); // the base again; the adapter from the checkpoint
        } else if (resumeFrom != null) {
            run.init(resumeFrom);
        } else if (start instanceof FromModel from) {
            run.init(from.dir());
        } else {
            Fresh fresh = (Fresh) start;
            run.fresh(fresh.sizes(), fresh.tokenizer());
        }
        return last.result(out, run.run().state());
    }

    /**
     * DPO on the {@code {"prompt", "chosen", "rejected"}} records of {@code data}; {@code init} is the reference.
     * After the last step every pair is scored once more ({@code eval_loss}, {@code eval_reward_accuracy},
     * {@code eval_reward_margin} in the result's metrics): did the stage move the model at all.
     */
    Result dpo(Path data, Path init, double beta, RunOptions options, Path out, TrainingListener listener)
            throws IOException {
        if (finished(out)) {
            return done(out);
        }
        LastStep last = new LastStep(listener);
        TrainingState state = Training.dpo(data, beta).init(init).lora(loraFor(init)).out(out).options(options)
                .badLines(BadLinePolicy.REJECT).evalOnTrainingData(true)
                .resumeFrom(TrainingLoop.latestCheckpoint(out).orElse(null)).device(device).listener(last)
                .log(log).run().state();
        return last.result(out, state);
    }

    /**
     * A GRPO update from {@code policy} on the {@link GrpoGroups.Line}s of {@code data} ({@code prompt},
     * {@code completion}, {@code advantage}) through {@link Training#grpo}: the old per-token log-probs are the
     * policy's own; with {@code reference} also the reference's, for the KL term. With LoRA configured and a Hugging
     * Face policy the update trains a fresh adapter on it. The result's metrics are the means over all steps of
     * {@code kl}, {@code clip_fraction} and {@code entropy}, and the sum of {@code tokens}.
     */
    Result grpo(Path data, Path policy, Path reference, GrpoOptions grpo, RunOptions options, Path out,
            TrainingListener listener) throws IOException {
        if (finished(out)) {
            return done(out);
        }
        StepMeans means = new StepMeans(listener);
        LastStep last = new LastStep(means);
        TrainingState state = Training.grpo(data, grpo).init(policy).reference(reference).lora(loraFor(policy))
                .out(out).options(options).resumeFrom(TrainingLoop.latestCheckpoint(out).orElse(null))
                .device(device).listener(last).log(log).run().state();
        Result result = last.result(out, state);
        return new Result(result.model(), result.steps(), result.loss(), means.metrics());
    }

    /** A listener that passes every call on to {@code next}; the decorators below override what they watch. */
    private abstract static class Forwarding implements TrainingListener {
        private final TrainingListener next;

        Forwarding(TrainingListener next) {
            this.next = next;
        }

        @Override
        public void onStart(long firstStep, long totalSteps) {
            next.onStart(firstStep, totalSteps);
        }

        @Override
        public void onStep(StepReport report) {
            next.onStep(report);
        }

        @Override
        public void onEvaluation(long step, Map<String, Double> metrics) {
            next.onEvaluation(step, metrics);
        }

        @Override
        public void onCheckpoint(long step, Path directory) {
            next.onCheckpoint(step, directory);
        }
    }

    /** Averages the GRPO step metrics over the steps this process ran (tokens: summed). */
    private static final class StepMeans extends Forwarding {
        private final Map<String, Double> sums = new LinkedHashMap<>();
        private int steps;

        StepMeans(TrainingListener next) {
            super(next);
        }

        @Override
        public void onStep(StepReport report) {
            steps++;
            report.metrics().forEach((k, v) -> sums.merge(k, v, Double::sum));
            super.onStep(report);
        }

        Map<String, Double> metrics() {
            Map<String, Double> out = new LinkedHashMap<>();
            sums.forEach((k, v) -> out.put(k, k.equals(GrpoObjective.TOKENS) ? v : v / steps));
            return out;
        }
    }

    /** Whether {@code out} holds the final model of a training that ran all its steps. */
    private static boolean finished(Path out) throws IOException {
        if (!Files.isRegularFile(out.resolve(TrainingState.FILE_NAME))
                || !(Files.isRegularFile(out.resolve(Checkpoint.WEIGHTS))
                        || Files.isRegularFile(out.resolve(PeftAdapter.WEIGHTS)))) {
            return false;
        }
        TrainingState state = TrainingState.read(out);
        return state.step() == state.totalSteps();
    }

    private Result done(Path out) throws IOException {
        log.accept("training in " + out + " had finished; not redone");
        return new Result(out, TrainingState.read(out).step(), null, Map.of());
    }

    /** Passes every report on and keeps the last one, for the round report's losses. */
    private static final class LastStep extends Forwarding {
        private StepReport last;
        private Map<String, Double> evaluation = Map.of();

        LastStep(TrainingListener next) {
            super(next);
        }

        @Override
        public void onStep(StepReport report) {
            last = report;
            super.onStep(report);
        }

        @Override
        public void onEvaluation(long step, Map<String, Double> metrics) {
            evaluation = metrics;
            super.onEvaluation(step, metrics);
        }

        Result result(Path out, TrainingState state) {
            Map<String, Double> metrics = new LinkedHashMap<>(last == null ? Map.of() : last.metrics());
            metrics.putAll(evaluation);
            return new Result(out, state.step(), last == null ? null : last.loss(), metrics);
        }
    }
}
