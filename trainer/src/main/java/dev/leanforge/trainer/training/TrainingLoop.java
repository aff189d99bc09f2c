package dev.leanforge.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.leanforge.trainer.checkpoint.Safetensors;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.device.GradientMode;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.model.GptModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The optimisation loop SFT and DPO share: seeded batches ({@link DataOrder}), forward and backward through an
 * {@link Objective}, AdamW with warm-up + cosine and global-norm clipping, periodic evaluation, checkpoints every N
 * steps ({@code checkpoint-<step>/}: the model, {@code trainer_state.json} and {@code optimizer.safetensors}) and
 * an exact resume from any of them.
 */
public final class TrainingLoop<E> {

    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d+)");

    /** What a run optimises. */
    public interface Objective<E> {

        /** {@code sft} or {@code dpo}; stored in the training state. */
        String name();

        /** One batch's scalar loss, built in {@code scope} while gradients are recorded. */
        BatchLoss loss(CausalLm model, List<E> batch, NDManager scope);

        /** Held-out metrics, computed without gradients. */
        Map<String, Double> evaluate(CausalLm model, List<E> examples);
    }

    /**
     * @param loss the scalar to minimise
     * @param tokens non-padding tokens the batch fed through the model (for tokens/s)
     * @param metrics further scalars to report, read after the backward pass
     */
    public record BatchLoss(NDArray loss, int tokens, Map<String, NDArray> metrics) {}

    private final Trainable model;
    private final Objective<E> objective;
    private final RunOptions options;
    private final Path outDir;
    private final String dataSha256;
    private final TrainingListener listener;
    private final List<Map<String, Object>> logHistory = new ArrayList<>();

    /**
     * @param outDir receives the final model and the {@code checkpoint-<step>/} directories
     * @param tokenizer {@code tokenizer.json} copied into every saved model, or null
     * @param dataSha256 identifies the training data; a resume refuses other data
     */
    public TrainingLoop(GptModel model, Objective<E> objective, RunOptions options, Path outDir, Path tokenizer,
            String dataSha256, TrainingListener listener) {
        this(Trainable.of(model, tokenizer), objective, options, outDir, dataSha256, listener);
    }

    /**
     * Trains {@code model}'s trainable parameters (all of a {@code GptModel}, the adapters of a LoRA model).
     *
     * @param outDir receives the final state ({@link Trainable#save}) and the {@code checkpoint-<step>/} directories
     */
    public TrainingLoop(Trainable model, Objective<E> objective, RunOptions options, Path outDir,
            String dataSha256, TrainingListener listener) {
        this.model = model;
        this.objective = objective;
        this.options = options;
        this.outDir = outDir;
        this.dataSha256 = dataSha256;
        this.listener = listener;
    }

    /**
     * Trains on {@code train} until the run's total steps, then saves the final model into the output directory.
     *
     * @param eval held-out examples (may be empty)
     * @param resumeFrom a {@code checkpoint-<step>/} directory whose weights {@link #model} already holds, or null
     * @return the final state
     */
    public TrainingState run(List<E> train, List<E> eval, Path resumeFrom) throws IOException {
        DataOrder order = new DataOrder(train.size(), options.batchSize(), options.seed());
        long total = options.totalSteps(order);
        Hyperparameters hp = options.hyperparameters();
        LearningRateSchedule schedule =
                new LearningRateSchedule(hp.learningRate(), hp.warmupSteps(), total, hp.minLearningRateRatio());
        Files.createDirectories(outDir);
        model.train(true);
        try (AdamW adam = new AdamW(model.trainableParameters(), model.model().newScope(), hp)) {
            long step = resumeFrom == null ? 0 : resume(resumeFrom, adam, train.size());
            logHistory.clear();
            if (resumeFrom != null) {
                long resumedAt = step;
                TrainingState.read(resumeFrom).logHistory().stream()
                        .filter(entry -> ((Number) entry.getOrDefault("step", 0)).longValue() <= resumedAt)
                        .forEach(logHistory::add);
            }
            listener.onStart(step + 1, total);
            long started = System.nanoTime();
            long tokens = 0;
            long firstStep = step;
            while (step < total) {
                List<E> batch = new ArrayList<>();
                for (int i : order.batch(step)) {
                    batch.add(train.get(i));
                }
                long stepStarted = System.nanoTime();
                // PyTorch's generator (LoRA dropout) restarts from (seed, step) every step, so a resumed run draws
                // the same masks as an uninterrupted one.
                Compute.engine().setRandomSeed((int) (options.seed() * 1_000_003L + step));
                StepResult result = step(model.model(), objective, batch, adam, schedule.rate(step + 1));
                double stepSeconds = (System.nanoTime() - stepStarted) / 1e9;
                tokens += result.tokens();
                step++;
                logHistory.add(logEntry(result, step, order, stepSeconds));
                double seconds = (System.nanoTime() - started) / 1e9;
                double perStep = seconds / (step - firstStep);
                listener.onStep(new StepReport(step, total, result.loss(), result.learningRate(),
                        result.gradientNorm(), tokens / seconds,
                        Duration.ofMillis((long) (perStep * (total - step) * 1000)), result.metrics()));
                if (step < total && options.saveEvery() > 0 && step % options.saveEvery() == 0) {
                    saveCheckpoint(adam, order, step, total, train.size());
                }
                if (step < total && options.evalEvery() > 0 && step % options.evalEvery() == 0 && !eval.isEmpty()) {
                    listener.onEvaluation(step, logEvaluation(evaluate(eval), step, order));
                }
            }
            if (!eval.isEmpty()) {
                listener.onEvaluation(step, logEvaluation(evaluate(eval), step, order));
            }
            TrainingState done = state(order, step, total, train.size());
            model.save(outDir);
            done.write(outDir);
            return done;
        } finally {
            model.train(false);
        }
    }

    /** TRL's names for DPO's reward statistics in the log. */
    private static final Map<String, String> LOG_NAMES = Map.of(
            "reward_accuracy", "rewards/accuracies",
            "reward_margin", "rewards/margins",
            "chosen_reward", "rewards/chosen",
            "rejected_reward", "rewards/rejected");

    /** One step in {@code log_history}, with Hugging Face's key names. */
    private static Map<String, Object> logEntry(StepResult result, long step, DataOrder order, double seconds) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("epoch", epochs(step, order));
        entry.put("grad_norm", result.gradientNorm());
        entry.put("learning_rate", result.learningRate());
        entry.put("loss", result.loss());
        result.metrics().forEach((k, v) -> entry.put(LOG_NAMES.getOrDefault(k, k), v));
        entry.put("tokens_per_second", seconds > 0 ? result.tokens() / seconds : 0.0);
        entry.put("step", step);
        return entry;
    }

    /** Logs an evaluation's metrics ({@code eval_*}) at {@code step}; returns them. */
    private Map<String, Double> logEvaluation(Map<String, Double> metrics, long step, DataOrder order) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("epoch", epochs(step, order));
        entry.putAll(metrics);
        entry.put("step", step);
        logHistory.add(entry);
        return metrics;
    }

    private static double epochs(long step, DataOrder order) {
        return Math.round((double) step / order.stepsPerEpoch() * 1e4) / 1e4;
    }

    /** What one optimisation step did. */
    public record StepResult(
            double loss, int tokens, double learningRate, double gradientNorm, Map<String, Double> metrics) {}

    /**
     * One optimisation step: forward and backward of {@code batch} through {@code objective}, then an AdamW update
     * at {@code rate}. Every temporary tensor is freed before it returns.
     *
     * @throws IllegalStateException when the loss is not finite (the gradients are dropped, the weights untouched)
     */
    public static <E> StepResult step(CausalLm model, Objective<E> objective, List<E> batch, AdamW adam,
            double rate) {
        double loss;
        int tokens;
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (NDManager scope = model.newScope();
                GradientCollector collector = Compute.engine().newGradientCollector()) {
            BatchLoss result = objective.loss(model, batch, scope);
            collector.backward(result.loss());
            loss = result.loss().getFloat();
            result.metrics().forEach((k, v) -> metrics.put(k, (double) v.getFloat()));
            tokens = result.tokens();
        }
        if (!Double.isFinite(loss)) {
            adam.zeroGradients();
            throw new IllegalStateException("training diverged: loss is " + loss + " at step " + (adam.step() + 1)
                    + "; lower the learning rate or resume from the last checkpoint");
        }
        double norm = adam.update(rate);
        return new StepResult(loss, tokens, rate, norm, metrics);
    }

    private Map<String, Double> evaluate(List<E> eval) {
        // Without autograd; a LoRA model's dropout is off then too.
        return GradientMode.withoutGradients(() -> objective.evaluate(model.model(), eval));
    }

    private long resume(Path checkpoint, AdamW adam, int examples) throws IOException {
        TrainingState saved = TrainingState.read(checkpoint);
        List<String> mismatches = new ArrayList<>();
        if (!saved.objective().equals(objective.name())) {
            mismatches.add("objective " + saved.objective() + " vs " + objective.name());
        }
        if (!saved.dataSha256().equals(dataSha256)) {
            mismatches.add("the training data changed (sha256 " + saved.dataSha256() + " vs " + dataSha256 + ")");
        }
        if (saved.examples() != examples) {
            mismatches.add(saved.examples() + " examples vs " + examples);
        }
        if (!saved.options().equals(options)) {
            mismatches.add("options " + saved.options() + " vs " + options);
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException(
                    "cannot resume from " + checkpoint + ": " + String.join("; ", mismatches));
        }
        adam.restore(Safetensors.read(checkpoint.resolve(TrainingState.OPTIMIZER_FILE_NAME)), saved.step());
        return saved.step();
    }

    private TrainingState state(DataOrder order, long step, long total, int examples) {
        int next = (int) (step % order.stepsPerEpoch()) * options.batchSize();
        return new TrainingState(objective.name(), step, total, order.epoch(step), next, examples, dataSha256,
                options, logHistory);
    }

    private void saveCheckpoint(AdamW adam, DataOrder order, long step, long total, int examples)
            throws IOException {
        Path target = outDir.resolve("checkpoint-" + step);
        Path tmp = outDir.resolve("checkpoint-" + step + ".tmp");
        deleteRecursively(tmp);
        model.save(tmp);
        state(order, step, total, examples).write(tmp);
        Safetensors.write(tmp.resolve(TrainingState.OPTIMIZER_FILE_NAME), adam.state(), Map.of());
        deleteRecursively(target);
        // A directory rename is atomic, so a crash never leaves a half-written checkpoint-<step>/.
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        // The output directory's trainer_state.json follows the run, so its log can be read (and charted) while it
        // trains; it says step < max_steps until the end, so it is never taken for a finished model.
        state(order, step, total, examples).write(outDir);
        listener.onCheckpoint(step, target);
        List<Path> all = checkpoints(outDir);
        for (int i = 0; i < all.size() - options.keepCheckpoints(); i++) {
            deleteRecursively(all.get(i));
        }
    }

    /** The newest complete {@code checkpoint-<step>/} under {@code outDir}. */
    public static Optional<Path> latestCheckpoint(Path outDir) throws IOException {
        List<Path> all = checkpoints(outDir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static List<Path> checkpoints(Path outDir) throws IOException {
        if (!Files.isDirectory(outDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(outDir)) {
            return children
                    .filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(TrainingState.FILE_NAME)))
                    .sorted(Comparator.comparingLong(TrainingLoop::stepOf))
                    .toList();
        }
    }

    private static long stepOf(Path checkpoint) {
        Matcher m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
