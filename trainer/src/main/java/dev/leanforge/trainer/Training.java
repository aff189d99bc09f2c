package dev.leanforge.trainer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.leanforge.trainer.batch.EncodedRecords;
import dev.leanforge.trainer.batch.TokenPair;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.data.BadLinePolicy;
import dev.leanforge.trainer.dpo.DpoExample;
import dev.leanforge.trainer.dpo.DpoObjective;
import dev.leanforge.trainer.dpo.ReferenceLogProbs;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.HfConfig;
import dev.leanforge.trainer.hf.HfModel;
import dev.leanforge.trainer.hf.HfPolicy;
import dev.leanforge.trainer.hf.HfTokenizer;
import dev.leanforge.trainer.hf.LoraConfig;
import dev.leanforge.trainer.hf.LoraTrainable;
import dev.leanforge.trainer.hf.PeftAdapter;
import dev.leanforge.trainer.hf.PromptTemplate;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.rl.GrpoObjective;
import dev.leanforge.trainer.rl.GrpoOptions;
import dev.leanforge.trainer.rl.RlSample;
import dev.leanforge.trainer.rl.RlSamples;
import dev.leanforge.trainer.sampling.PromptSampler;
import dev.leanforge.trainer.sampling.SequenceScorer;
import dev.leanforge.trainer.sft.SftObjective;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import dev.leanforge.trainer.tokenizer.BpeTrainer;
import dev.leanforge.trainer.tokenizer.BpeVocabulary;
import dev.leanforge.trainer.tokenizer.Tokenizer;
import dev.leanforge.trainer.tokenizer.TokenizerJson;
import dev.leanforge.trainer.tokenizer.WordCounts;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.Sha256;
import dev.leanforge.trainer.training.Trainable;
import dev.leanforge.trainer.training.TrainingListener;
import dev.leanforge.trainer.training.TrainingLoop;
import dev.leanforge.trainer.training.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The trainer module's one entry point: learn a tokenizer, fine-tune (SFT, DPO, GRPO; full or LoRA), resume, merge an
 * adapter, and open a model to sample and score. It decides from the directory whether a model is one of ours
 * ({@link GptModel}, {@code model_type leanforge-gpt}) or a Hugging Face checkpoint ({@link HfModel}), so callers
 * (the CLI, STaR) do not.
 *
 * <pre>{@code
 * Training.Result r = Training.sft(data).init(dir).out(out).options(options).lora(LoraConfig.defaults())
 *         .device(device).listener(listener).run();
 * Training.Plan plan = Training.dpo(data, 0.1).init(hfDir).lora(lora).out(out).options(options).plan();
 * Training.grpo(data, GrpoOptions.DEFAULTS).init(policy).reference(refOrNull).out(out).options(options).run();
 * try (Training.Policy p = Training.open(dir, adapterOrNull, device)) { p.sampler()...; p.score(file, ...); }
 * }</pre>
 */
public final class Training {

    private Training() {}

    /** What a run optimises. */
    public enum Kind { SFT, DPO, GRPO }

    /** SFT on {@code {"prompt", "completion"}} JSONL. */
    public static Run sft(Path data) {
        return new Run(Kind.SFT, data, 0, null);
    }

    /** DPO on {@code {"prompt", "chosen", "rejected"}} JSONL; the reference is {@code init} (LoRA: the base). */
    public static Run dpo(Path data, double beta) {
        if (!(beta > 0)) {
            throw new IllegalArgumentException("beta must be positive, got " + beta);
        }
        return new Run(Kind.DPO, data, beta, null);
    }

    /**
     * A GRPO update on {@code {"prompt", "completion", "advantage"}} JSONL: samples of the policy {@code init} (the
     * model that sampled them), each with its advantage ({@link RlSamples#advantages}). The old per-token log-probs
     * are {@code init}'s own, computed before the first step (and again, identically, on a resume); with a
     * {@link Run#reference} also the reference's, for the KL term. Every line must be a record: bad lines are
     * rejected, so that the advantages line up with the records.
     */
    public static Run grpo(Path data, GrpoOptions grpo) {
        return new Run(Kind.GRPO, data, 0, Objects.requireNonNull(grpo, "grpo"));
    }

    /** Learns a byte-level BPE vocabulary of at most {@code vocabSize} ids from {@code words}. */
    public static BpeVocabulary tokenizer(WordCounts words, int vocabSize, long minFrequency,
            BpeTrainer.Progress progress) {
        return new BpeTrainer(vocabSize, minFrequency).train(words, progress);
    }

    /** Learns a tokenizer from {@code texts} into {@code dir/tokenizer.json} (atomically), unless it is there. */
    public static Path tokenizer(List<String> texts, int vocabSize, Path dir) throws IOException {
        Path file = dir.resolve(TokenizerJson.FILE_NAME);
        if (Files.isRegularFile(file)) {
            return file;
        }
        WordCounts words = new WordCounts();
        texts.forEach(words::addText);
        Path tmp = dir.resolve(TokenizerJson.FILE_NAME + ".tmp");
        Files.createDirectories(dir);
        TokenizerJson.write(tokenizer(words, vocabSize, 2, (reached, target) -> {}), tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Writes {@code base} with the adapter of {@code adapter} folded in as a full Hugging Face checkpoint. */
    public static void merge(Path base, Path adapter, Path out, Device device) throws IOException {
        PeftAdapter.merge(base, adapter, out, device);
    }

    /**
     * Checks a data file's records: the lines skipped and the records cut are reported, and none left is an error.
     * The CLI puts its own usage error in; the default reports through the run's log.
     */
    public interface Examples {
        <T> List<T> check(EncodedRecords<T> data, Path file);
    }

    /** The memory a run needs, estimated before it starts (float32 throughout). */
    public record Plan(String model, long parameters, long trainableParameters, long weightBytes,
            long gradientBytes, long optimizerBytes, long activationBytes, int batchRows, int longest) {

        public long totalBytes() {
            return weightBytes + gradientBytes + optimizerBytes + activationBytes;
        }

        /** Lines for a dry run. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            lines.add("model: " + model);
            lines.add(String.format(Locale.ROOT, "parameters: %,d", parameters));
            lines.add(String.format(Locale.ROOT, "trainable parameters: %,d (%.2f %%)", trainableParameters,
                    100.0 * trainableParameters / parameters));
            lines.add("memory (float32): weights " + bytes(weightBytes) + " + gradients " + bytes(gradientBytes)
                    + " + optimizer state " + bytes(optimizerBytes) + " + activations ~" + bytes(activationBytes)
                    + " (" + batchRows + " rows of up to " + longest + " tokens) = ~" + bytes(totalBytes()));
            return lines;
        }

        static String bytes(long n) {
            if (n >= 1L << 30) {
                return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
            }
            if (n >= 1L << 20) {
                return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
            }
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
    }

    /** A finished run: where the model (or adapter) is, and its state. */
    public record Result(Path out, TrainingState state, int examples, int heldOut) {}

    /** One training run, configured step by step; {@link #plan} or {@link #run} it. */
    public static final class Run {
        private final Kind kind;
        private final Path data;
        private final double beta;
        private final GrpoOptions grpo;
        private Path init;
        private Path reference;
        private ModelConfig freshSizes;
        private Path freshTokenizer;
        private Path out;
        private RunOptions options;
        private Path eval;
        private boolean evalOnTrainingData;
        private BadLinePolicy badLines = BadLinePolicy.REJECT;
        private LoraConfig lora;
        private Device device = Device.cpu();
        private TrainingListener listener = TrainingListener.NONE;
        private Consumer<String> log = line -> {};
        private Examples examples;
        private Path cacheDir;
        private Path resumeFrom;

        private Run(Kind kind, Path data, double beta, GrpoOptions grpo) {
            this.kind = kind;
            this.data = data;
            this.beta = beta;
            this.grpo = grpo;
        }

        /** The model to start from (ours or Hugging Face); DPO's reference; GRPO's policy that sampled the data. */
        public Run init(Path dir) {
            this.init = dir;
            return this;
        }

        /**
         * GRPO only: the KL term's reference model (a directory of the policy's kind), or null for none. When it is
         * the policy's own directory the policy is loaded once and scored once for both.
         */
        public Run reference(Path dir) {
            this.reference = dir;
            return this;
        }

        /** SFT only: a fresh model of {@code sizes} (vocabulary from the tokenizer) with {@code tokenizerJson}. */
        public Run fresh(ModelConfig sizes, Path tokenizerJson) {
            this.freshSizes = sizes;
            this.freshTokenizer = tokenizerJson;
            return this;
        }

        public Run out(Path dir) {
            this.out = dir;
            return this;
        }

        public Run options(RunOptions runOptions) {
            this.options = runOptions;
            return this;
        }

        /** Held-out records to evaluate on. */
        public Run eval(Path file) {
            this.eval = file;
            return this;
        }

        /** Evaluate on the training data itself at the end (STaR's DPO: did the stage move the model at all). */
        public Run evalOnTrainingData(boolean on) {
            this.evalOnTrainingData = on;
            return this;
        }

        public Run badLines(BadLinePolicy policy) {
            this.badLines = policy;
            return this;
        }

        /** Train LoRA adapters on a Hugging Face model (its weights frozen); null trains every weight. */
        public Run lora(LoraConfig config) {
            this.lora = config;
            return this;
        }

        public Run device(Device d) {
            this.device = d;
            return this;
        }

        public Run listener(TrainingListener l) {
            this.listener = l;
            return this;
        }

        public Run log(Consumer<String> l) {
            this.log = l;
            return this;
        }

        public Run examples(Examples check) {
            this.examples = check;
            return this;
        }

        /** DPO: where reference log-probabilities are cached (default {@code OUT/reference-logprobs}). */
        public Run cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /** Continue from this {@code checkpoint-<step>/} (its saved options should be the run's). */
        public Run resumeFrom(Path checkpoint) {
            this.resumeFrom = checkpoint;
            return this;
        }

        /** Resume from the newest checkpoint under the output directory, if there is one. */
        public Run resumeIfPossible() throws IOException {
            this.resumeFrom = TrainingLoop.latestCheckpoint(out).orElse(null);
            return this;
        }

        private boolean hf() {
            return init != null && (HfCheckpoint.isHfDirectory(init) || PeftAdapter.isAdapterDirectory(init));
        }

        private void validate() {
            List<String> wrong = new ArrayList<>();
            if (out == null) {
                wrong.add("no output directory");
            }
            if (options == null) {
                wrong.add("no run options");
            }
            if (init == null && freshSizes == null) {
                wrong.add("neither a model to start from nor a fresh model's sizes");
            }
            if (init != null && freshSizes != null) {
                wrong.add("both a model to start from and a fresh model");
            }
            if (kind == Kind.DPO && init == null) {
                wrong.add("DPO needs a model to start from (the reference)");
            }
            if (kind == Kind.GRPO) {
                if (init == null) {
                    wrong.add("GRPO needs the policy that sampled the data to start from");
                }
                if (eval != null || evalOnTrainingData) {
                    wrong.add("GRPO evaluates on nothing");
                }
                if (badLines != BadLinePolicy.REJECT) {
                    wrong.add("GRPO rejects bad lines (the advantages are read line by line)");
                }
            } else if (reference != null) {
                wrong.add("only GRPO takes a separate reference (" + kind + "'s is the model it starts from)");
            }
            if (lora != null && !hf()) {
                wrong.add("LoRA needs a Hugging Face model to start from"
                        + (init == null ? "" : " (" + init + " is one of ours: train it fully)"));
            }
            if (!wrong.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", wrong));
            }
        }

        private <T> List<T> check(EncodedRecords<T> records, Path file) {
            if (examples != null) {
                return examples.check(records, file);
            }
            if (!records.skipped().isEmpty()) {
                log.accept(file + ": skipped " + records.skipped().size() + " bad line(s): " + records.skipped()
                        .stream().map(b -> Long.toString(b.line())).collect(Collectors.joining(", ")));
            }
            if (!records.truncated().isEmpty()) {
                log.accept(file + ": " + records.truncated().size() + " record(s) cut to fit the model's context");
            }
            if (records.examples().isEmpty()) {
                throw new IllegalArgumentException(file + ": no usable records");
            }
            return records.examples();
        }

        /** The memory the run needs and how many parameters it trains, without loading any weights. */
        public Plan plan() throws IOException {
            validate();
            long parameters;
            long trainable;
            String model;
            long perTokenActivations;
            long vocab;
            int context;
            List<Integer> lengths = new ArrayList<>();
            if (hf()) {
                HfConfig c = HfCheckpoint.readConfig(PeftAdapter.root(init));
                parameters = HfModel.parameterCount(c);
                trainable = lora == null ? parameters : lora.parameterCount(c);
                model = "Hugging Face " + c.architecture().modelType() + " " + init + (lora == null ? ", every weight"
                        : ", LoRA r " + lora.r() + " alpha " + trim(lora.alpha()) + " dropout "
                                + trim(lora.dropout()) + " on " + String.join(" ", lora.targets()));
                long h = c.hidden();
                long q = (long) c.heads() * c.headDim();
                long kv = (long) c.kvHeads() * c.headDim();
                // Kept for the backward pass per token and layer: norms and residuals (~6 H), q, k, v, rotated q and
                // k, attention output (3 q + 4 kv), the MLP's gate, up, SiLU and product (4 I); LoRA's r-wide
                // intermediates are small. The attention weights (heads × keys) are added per token below.
                perTokenActivations = c.layers() * (6 * h + 3 * q + 4 * kv + 4L * c.intermediate()
                        + (lora == null ? 0 : 2L * lora.r() * lora.targets().size()));
                vocab = c.vocabSize();
                context = c.context();
                try (HfTokenizer tokenizer = HfTokenizer.load(init)) {
                    PromptTemplate template = PromptTemplate.of(init);
                    collectLengths(lengths, tokenizer, template, context);
                }
                perTokenActivations += (long) c.layers() * c.heads() * 2 * Math.min(context, max(lengths));
            } else {
                ModelConfig c = init != null ? Checkpoint.readConfig(init)
                        : freshSizes.withVocabSize(BpeTokenizer.load(freshTokenizer).vocabSize());
                parameters = c.parameterCount();
                trainable = parameters;
                model = "leanforge-gpt " + (init != null ? init : "(fresh)") + ", every weight";
                perTokenActivations = c.layers() * (10L * c.width() + 2L * c.mlpWidth());
                vocab = c.vocabSize();
                context = c.context();
                Tokenizer tokenizer = BpeTokenizer.load(init != null ? tokenizerOf(init) : freshTokenizer);
                if (kind != Kind.DPO) {
                    EncodedRecords.sft(data, tokenizer, context, BadLinePolicy.SKIP).examples()
                            .forEach(s -> lengths.add(s.ids().length));
                } else {
                    EncodedRecords.dpo(data, tokenizer, context, BadLinePolicy.SKIP).examples().forEach(p -> {
                        lengths.add(p.chosen().ids().length);
                        lengths.add(p.rejected().ids().length);
                    });
                }
                perTokenActivations += (long) c.layers() * c.heads() * 2 * Math.min(context, max(lengths));
            }
            int longest = Math.min(context, max(lengths));
            int rows = options.batchSize() * (kind == Kind.DPO ? 2 : 1);
            // Logits and their log-softmax at the scored positions (at most every position).
            long activations = 4L * rows * longest * (perTokenActivations + 2 * vocab);
            return new Plan(model, parameters, trainable, 4 * parameters, 4 * trainable, 8 * trainable,
                    activations, rows, longest);
        }

        private void collectLengths(List<Integer> lengths, HfTokenizer tokenizer, PromptTemplate template,
                int context) throws IOException {
            if (kind != Kind.DPO) {
                HfPolicy.sft(data, tokenizer, template, context, BadLinePolicy.SKIP).examples()
                        .forEach(s -> lengths.add(s.ids().length));
            } else {
                HfPolicy.dpo(data, tokenizer, template, context, BadLinePolicy.SKIP).examples().forEach(p -> {
                    lengths.add(p.chosen().ids().length);
                    lengths.add(p.rejected().ids().length);
                });
            }
        }

        private static int max(List<Integer> lengths) {
            return lengths.stream().mapToInt(Integer::intValue).max().orElse(1);
        }

        private static String trim(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }

        /** Trains, writing checkpoints and the final model (or PEFT adapter) into the output directory. */
        public Result run() throws IOException {
            validate();
            if (kind == Kind.GRPO) {
                return hf() ? grpoHf() : grpoGpt();
            }
            return hf() ? runHf() : runGpt();
        }

        /** Whether the GRPO reference is the policy itself (round 1 of a run, say): one model scores for both. */
        private boolean referenceIsPolicy() {
            return reference != null
                    && reference.toAbsolutePath().normalize().equals(init.toAbsolutePath().normalize());
        }

        private String describeReference() {
            return reference == null ? "no KL reference" : referenceIsPolicy() ? "KL reference: the policy"
                    : "KL reference " + reference;
        }

        /**
         * GRPO on one of ours: old (and reference) log-probs from {@code init} (and the reference), both closed
         * before the model to train, {@code init} or the checkpoint's weights, is loaded.
         */
        private Result grpoGpt() throws IOException {
            Path tokenizerJson = tokenizerOf(init);
            Tokenizer tokenizer = BpeTokenizer.load(tokenizerJson);
            int context = Checkpoint.readConfig(init).context();
            List<TokenSequence> sequences = check(EncodedRecords.sft(data, tokenizer, context, badLines), data);
            double[] advantages = RlSamples.advantages(data);
            List<RlSample> samples;
            try (GptModel old = Checkpoint.load(init, device);
                    GptModel ref = reference == null || referenceIsPolicy() ? null
                            : Checkpoint.load(reference, device)) {
                samples = RlSamples.build(sequences, advantages, old, reference == null ? null : ref != null ? ref
                        : old, options.batchSize(), tokenizer.padId());
            }
            try (GptModel model = Checkpoint.load(resumeFrom != null ? resumeFrom : init, device)) {
                log.accept(String.format(Locale.ROOT, "%,d GRPO samples; %s; model of %,d parameters",
                        samples.size(), describeReference(), model.config().parameterCount()));
                TrainingState state = new TrainingLoop<>(Trainable.of(model, tokenizerJson),
                        new GrpoObjective(grpo, tokenizer.padId()), options, out, Sha256.file(data), listener)
                        .run(samples, List.of(), resumeFrom);
                return new Result(out, state, samples.size(), 0);
            }
        }

        /**
         * GRPO on a Hugging Face model (or adapter): the records are encoded through the model's template, as its
         * SFT does. The old log-probs are those of {@code init} with its adapters folded in, before any new adapter
         * is added; a reference other than {@code init} is loaded beside it for the scoring only and closed before
         * the update. Then, as {@link #openHf}: with LoRA fresh adapters on that model (or the checkpoint's), without
         * every weight of it (or the checkpoint's).
         */
        private Result grpoHf() throws IOException {
            PromptTemplate template = PromptTemplate.of(init);
            try (HfTokenizer tokenizer = HfTokenizer.load(init)) {
                int context = HfCheckpoint.readConfig(PeftAdapter.root(init)).context();
                List<TokenSequence> sequences =
                        check(HfPolicy.sft(data, tokenizer, template, context, badLines), data);
                double[] advantages = RlSamples.advantages(data);
                int padId = tokenizer.padId();
                HfModel model = PeftAdapter.loadMerged(init, device);
                try {
                    List<RlSample> samples;
                    if (reference == null || referenceIsPolicy()) {
                        samples = RlSamples.build(sequences, advantages, model, reference == null ? null : model,
                                options.batchSize(), padId);
                    } else {
                        try (HfModel ref = PeftAdapter.loadMerged(reference, device)) {
                            samples = RlSamples.build(sequences, advantages, model, ref, options.batchSize(), padId);
                        }
                    }
                    if (lora != null) {
                        addLora(model);
                    } else if (resumeFrom != null) {
                        HfModel scored = model;
                        model = null;
                        scored.close();
                        model = HfCheckpoint.load(resumeFrom, device);
                    }
                    log.accept(String.format(Locale.ROOT, "%,d GRPO samples; %s; %s", samples.size(),
                            describeReference(), describe(model)));
                    TrainingState state = new TrainingLoop<>(trainable(model), new GrpoObjective(grpo, padId),
                            options, out, Sha256.file(data), listener).run(samples, List.of(), resumeFrom);
                    return new Result(out, state, samples.size(), 0);
                } finally {
                    if (model != null) {
                        model.close();
                    }
                }
            }
        }

        private Result runGpt() throws IOException {
            Path tokenizerJson = resumeFrom != null ? tokenizerOf(resumeFrom)
                    : init != null ? tokenizerOf(init) : freshTokenizer;
            Tokenizer tokenizer = BpeTokenizer.load(tokenizerJson);
            if (kind == Kind.SFT) {
                try (GptModel model = resumeFrom != null ? Checkpoint.load(resumeFrom, device)
                        : init != null ? Checkpoint.load(init, device)
                        : GptModel.initialize(freshSizes.withVocabSize(tokenizer.vocabSize()), options.seed(),
                                device)) {
                    if (model.config().vocabSize() < tokenizer.vocabSize()) {
                        throw new IllegalArgumentException("the model has " + model.config().vocabSize()
                                + " token ids but the tokenizer " + tokenizer.vocabSize());
                    }
                    int context = model.config().context();
                    List<TokenSequence> train =
                            check(EncodedRecords.sft(data, tokenizer, context, badLines), data);
                    List<TokenSequence> held = eval == null ? evalOnTrainingData ? train : List.of()
                            : check(EncodedRecords.sft(eval, tokenizer, context, badLines), eval);
                    log.accept(String.format(Locale.ROOT, "%,d training examples, %,d held out; model of %,d "
                            + "parameters", train.size(), eval == null ? 0 : held.size(),
                            model.config().parameterCount()));
                    TrainingState state = new TrainingLoop<>(Trainable.of(model, tokenizerJson),
                            new SftObjective(tokenizer.padId(), options.batchSize()), options, out,
                            Sha256.file(data), listener).run(train, held, resumeFrom);
                    return new Result(out, state, train.size(), held.size());
                }
            }
            int context = Checkpoint.readConfig(init).context();
            Path cache = cacheDir != null ? cacheDir : out.resolve("reference-logprobs");
            List<DpoExample> train = ReferenceLogProbs.attach(
                    check(EncodedRecords.dpo(data, tokenizer, context, badLines), data), data, init, cache, device,
                    options.batchSize(), tokenizer.padId(), log);
            List<DpoExample> held = eval == null ? evalOnTrainingData ? train : List.of()
                    : ReferenceLogProbs.attach(check(EncodedRecords.dpo(eval, tokenizer, context, badLines), eval),
                            eval, init, cache, device, options.batchSize(), tokenizer.padId(), log);
            try (GptModel policy = Checkpoint.load(resumeFrom != null ? resumeFrom : init, device)) {
                log.accept(String.format(Locale.ROOT, "%,d preference pairs, %,d held out; beta %s", train.size(),
                        eval == null ? 0 : held.size(), beta));
                TrainingState state = new TrainingLoop<>(Trainable.of(policy, tokenizerJson),
                        new DpoObjective(beta, tokenizer.padId(), options.batchSize()), options, out,
                        Sha256.file(data), listener).run(train, held, resumeFrom);
                return new Result(out, state, train.size(), held.size());
            }
        }

        private Result runHf() throws IOException {
            PromptTemplate template = PromptTemplate.of(init);
            try (HfTokenizer tokenizer = HfTokenizer.load(init)) {
                int context = HfCheckpoint.readConfig(PeftAdapter.root(init)).context();
                int padId = tokenizer.padId();
                if (kind == Kind.SFT) {
                    List<TokenSequence> train =
                            check(HfPolicy.sft(data, tokenizer, template, context, badLines), data);
                    List<TokenSequence> held = eval == null ? evalOnTrainingData ? train : List.of()
                            : check(HfPolicy.sft(eval, tokenizer, template, context, badLines), eval);
                    try (HfModel model = openHf()) {
                        log.accept(String.format(Locale.ROOT, "%,d training examples, %,d held out; %s",
                                train.size(), eval == null ? 0 : held.size(), describe(model)));
                        TrainingState state = new TrainingLoop<>(trainable(model),
                                new SftObjective(padId, options.batchSize()), options, out, Sha256.file(data),
                                listener).run(train, held, resumeFrom);
                        return new Result(out, state, train.size(), held.size());
                    }
                }
                List<TokenPair> pairs = check(HfPolicy.dpo(data, tokenizer, template, context, badLines), data);
                List<TokenPair> heldPairs = eval == null ? List.of()
                        : check(HfPolicy.dpo(eval, tokenizer, template, context, badLines), eval);
                Path cache = cacheDir != null ? cacheDir : out.resolve("reference-logprobs");
                if (lora == null) {
                    // The reference is the initial model: scored (when the cache lacks it), closed, then the policy.
                    ReferenceLogProbs.Scorer scorer = sequences -> {
                        try (HfModel reference = PeftAdapter.loadMerged(init, device)) {
                            return SequenceScorer.score(reference, sequences, options.batchSize(), padId);
                        }
                    };
                    List<DpoExample> train = attach(pairs, data, cache, scorer);
                    List<DpoExample> held = eval == null ? evalOnTrainingData ? train : List.of()
                            : attach(heldPairs, eval, cache, scorer);
                    try (HfModel model = openHf()) {
                        return dpo(model, train, held, padId);
                    }
                }
                // LoRA: the reference is the base, i.e. the policy with its adapters off; one model in memory.
                try (HfModel model = openHf()) {
                    ReferenceLogProbs.Scorer scorer = sequences -> {
                        model.enableAdapters(false);
                        try {
                            return SequenceScorer.score(model, sequences, options.batchSize(), padId);
                        } finally {
                            model.enableAdapters(true);
                        }
                    };
                    List<DpoExample> train = attach(pairs, data, cache, scorer);
                    List<DpoExample> held = eval == null ? evalOnTrainingData ? train : List.of()
                            : attach(heldPairs, eval, cache, scorer);
                    return dpo(model, train, held, padId);
                }
            }
        }

        /**
         * The reference's cache key: the data and every file the reference's weights come from (for an adapter,
         * its files and those of each base down to the model).
         */
        private String referenceKey(Path file) throws IOException {
            if (!PeftAdapter.isAdapterDirectory(init)) {
                return ReferenceLogProbs.key(file, init);
            }
            List<Path> parts = new ArrayList<>(List.of(file));
            for (Path dir : PeftAdapter.chain(init)) {
                if (PeftAdapter.isAdapterDirectory(dir)) {
                    parts.add(dir.resolve(PeftAdapter.CONFIG));
                    parts.add(dir.resolve(PeftAdapter.WEIGHTS));
                } else {
                    parts.add(dir.resolve(HfConfig.FILE_NAME));
                    parts.addAll(HfCheckpoint.weightFiles(dir));
                }
            }
            parts.add(init.resolve(HfTokenizer.FILE_NAME));
            return Sha256.files(parts.toArray(Path[]::new));
        }

        private List<DpoExample> attach(List<TokenPair> pairs, Path file, Path cache,
                ReferenceLogProbs.Scorer scorer) throws IOException {
            return ReferenceLogProbs.attach(pairs, file, referenceKey(file), init.toString(), cache,
                    scorer, log);
        }

        private Result dpo(HfModel model, List<DpoExample> train, List<DpoExample> held, int padId)
                throws IOException {
            log.accept(String.format(Locale.ROOT, "%,d preference pairs, %,d held out; beta %s; %s", train.size(),
                    eval == null ? 0 : held.size(), beta, describe(model)));
            TrainingState state = new TrainingLoop<>(trainable(model),
                    new DpoObjective(beta, padId, options.batchSize()), options, out, Sha256.file(data), listener)
                    .run(train, held, resumeFrom);
            return new Result(out, state, train.size(), held.size());
        }

        /**
         * The model a Hugging Face run trains: with LoRA the base of {@code init} plus fresh adapters (seeded by the
         * run's seed) or the checkpoint's adapter on a resume; without, {@code init} or the checkpoint's weights.
         */
        private HfModel openHf() throws IOException {
            if (lora == null) {
                return resumeFrom != null ? HfCheckpoint.load(resumeFrom, device)
                        : PeftAdapter.loadMerged(init, device);
            }
            // Base: init, or init's adapters folded into their base (a LoRA run on top of an earlier one).
            HfModel model = PeftAdapter.loadMerged(init, device);
            try {
                addLora(model);
                return model;
            } catch (IOException | RuntimeException e) {
                model.close();
                throw e;
            }
        }

        /** The run's LoRA on {@code model}: fresh adapters seeded by the run's seed, or the checkpoint's on a resume. */
        private void addLora(HfModel model) throws IOException {
            if (resumeFrom != null) {
                LoraConfig saved = PeftAdapter.load(model, resumeFrom);
                if (!saved.equals(lora)) {
                    throw new IllegalArgumentException("cannot resume from " + resumeFrom + ": its adapter is "
                            + saved + ", the run asks for " + lora);
                }
            } else {
                model.addLora(lora, options.seed());
            }
        }

        private Trainable trainable(HfModel model) {
            return Training.trainable(model, init);
        }

        private String describe(HfModel model) {
            long all = HfModel.parameterCount(model.config());
            long trained = lora == null ? all : lora.parameterCount(model.config());
            return String.format(Locale.ROOT, "model of %,d parameters, %,d trained%s", all, trained,
                    lora == null ? "" : " (LoRA r " + lora.r() + ")");
        }
    }

    /**
     * What a training loop trains of a Hugging Face model started from {@code init} (a model or adapter directory):
     * with LoRA adapters on it, the adapters, saved as a PEFT directory naming {@code init} as its base; without,
     * every weight, saved as a checkpoint.
     */
    public static Trainable trainable(HfModel model, Path init) {
        if (model.lora() != null) {
            return new LoraTrainable(model, init, init.toAbsolutePath().normalize().toString());
        }
        return new Trainable() {
            @Override
            public CausalLm model() {
                return model;
            }

            @Override
            public Map<String, NDArray> trainableParameters() {
                return model.parameters();
            }

            @Override
            public void train(boolean on) {
                model.parameters().values().forEach(p -> p.setRequiresGradient(on));
            }

            @Override
            public void save(Path dir) throws IOException {
                HfCheckpoint.save(model, dir, init);
            }
        };
    }

    private static Path tokenizerOf(Path modelDir) throws IOException {
        return Checkpoint.tokenizer(modelDir).orElseThrow(() -> new IOException(modelDir + " has no tokenizer.json"));
    }

    /**
     * Opens a model to sample and score: ours with its {@code tokenizer.json}, or a Hugging Face directory with its
     * tokenizer, template and end ids, and then {@code adapter} (a PEFT directory, or null) on it. {@code dir} may
     * be a PEFT adapter itself: its {@code base_model_name_or_path} is then the base ({@link PeftAdapter#baseOf}).
     */
    public static Policy open(Path dir, Path adapter, Device device) throws IOException {
        if (adapter == null && PeftAdapter.isAdapterDirectory(dir)) {
            return open(PeftAdapter.baseOf(dir), dir, device);
        }
        if (HfCheckpoint.isHfDirectory(dir) || PeftAdapter.isAdapterDirectory(dir)) {
            return new Policy(HfPolicy.load(dir, adapter, device), null, null);
        }
        if (adapter != null) {
            throw new IllegalArgumentException("a LoRA adapter needs a Hugging Face base model; " + dir
                    + " is one of ours");
        }
        Tokenizer tokenizer = BpeTokenizer.load(tokenizerOf(dir));
        return new Policy(null, Checkpoint.load(dir, device), tokenizer);
    }

    /** A model opened for sampling and scoring, whatever its kind. */
    public static final class Policy implements AutoCloseable {
        private final HfPolicy hf;
        private final GptModel gpt;
        private final Tokenizer tokenizer;

        private Policy(HfPolicy hf, GptModel gpt, Tokenizer tokenizer) {
            this.hf = hf;
            this.gpt = gpt;
            this.tokenizer = tokenizer;
        }

        public CausalLm model() {
            return hf != null ? hf.model() : gpt;
        }

        public int padId() {
            return hf != null ? hf.tokenizer().padId() : tokenizer.padId();
        }

        /** Batched sampling with the model's prompt format. */
        public PromptSampler sampler() {
            return hf != null ? hf.sampler() : new PromptSampler(gpt, tokenizer);
        }

        /** The SFT records of {@code file} laid out as sampling would produce them. */
        public EncodedRecords<TokenSequence> records(Path file, BadLinePolicy policy) throws IOException {
            return hf != null ? hf.sft(file, policy)
                    : EncodedRecords.sft(file, tokenizer, gpt.config().context(), policy);
        }

        /** Scores of the completions (and end token) of {@code sequences}. */
        public List<SequenceScorer.Score> score(List<TokenSequence> sequences, int batchSize) {
            return SequenceScorer.score(model(), sequences, batchSize, padId());
        }

        @Override
        public void close() {
            if (hf != null) {
                hf.close();
            } else {
                gpt.close();
            }
        }
    }
}
