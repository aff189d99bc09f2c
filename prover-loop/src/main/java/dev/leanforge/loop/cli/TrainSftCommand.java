package dev.leanforge.loop.cli;

import ai.djl.Device;
import dev.leanforge.trainer.batch.EncodedRecords;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.checkpoint.Checkpoint;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.sft.SftObjective;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import dev.leanforge.trainer.tokenizer.Tokenizer;
import dev.leanforge.trainer.training.RunOptions;
import dev.leanforge.trainer.training.Sha256;
import dev.leanforge.trainer.training.TrainingLoop;
import dev.leanforge.trainer.training.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leanforge train sft}: supervised fine-tuning on {@code {"prompt", "completion"}} JSONL. */
@Command(
        name = "sft",
        mixinStandardHelpOptions = true,
        description = {
            "Fine-tune the policy on JSONL records {\"prompt\", \"completion\"} (loss on the completion only) and "
                    + "write the model to OUT in the Hugging Face layout (config.json, model.safetensors, "
                    + "tokenizer.json).",
            "Starts from --init DIR, or from a fresh model sized by --config (default: 4 layers, 4 heads, width "
                    + "256, 512 positions, tied embeddings) with the tokenizer given by --tokenizer.",
        },
        footer = {"", TrainCommand.EXIT_CODES})
public final class TrainSftCommand implements Callable<Integer> {

    /** A fresh model's sizes when no --config is given; the vocabulary comes from the tokenizer. */
    static final ModelConfig DEFAULT_CONFIG = new ModelConfig(4, 4, 256, 512, 1, true);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl", description = "Training records.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the model goes.")
    Path out;

    @Option(names = "--init", paramLabel = "DIR", description = "Model directory to start from.")
    Path init;

    @Option(names = "--config", paramLabel = "FILE",
            description = "config.json for a fresh model (n_layer, n_head, n_embd, n_positions, "
                    + "tie_word_embeddings; vocab_size is taken from the tokenizer).")
    Path config;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.json for a fresh model (a model directory brings its own).")
    Path tokenizerFile;

    @Mixin
    TrainingOptions training;

    @Mixin
    ComputeOptions compute;


    @Override
    public Integer call() {
        return CliFiles.reportingErrors(spec.commandLine(), "train sft", this::train);
    }

    private int train() throws IOException {
        CommandLine cli = spec.commandLine();
        PrintWriter err = cli.getErr();
        CliFiles.requireDirectory(cli, "--out", out);
        CliFiles.requireFile(cli, "--data", data);
        TrainingOptions.Run run = training.run(cli, out, 3e-4);
        RunOptions options = run.options();
        Path resumeFrom = run.resumeFrom();
        if (resumeFrom == null) {
            requireOneModelSource(cli);
        }

        Path source = resumeFrom != null ? resumeFrom : init;
        Path tokenizerJson = source != null ? CliFiles.tokenizerOf(cli, source) : tokenizerFile;
        Tokenizer tokenizer = BpeTokenizer.load(tokenizerJson);
        ModelConfig fresh = source != null ? null : freshConfig(cli, tokenizer); // its mistakes before any work
        Device device = compute.device();
        err.println(Compute.describe(device));
        try (GptModel model = source != null ? Checkpoint.load(source, device)
                : GptModel.initialize(fresh, options.seed(), device)) {
            if (model.config().vocabSize() < tokenizer.vocabSize()) {
                throw new CommandLine.ParameterException(cli, "the model has " + model.config().vocabSize()
                        + " token ids but the tokenizer " + tokenizer.vocabSize());
            }
            int context = model.config().context();
            List<TokenSequence> train =
                    CliFiles.examples(cli, EncodedRecords.sft(data, tokenizer, context, training.badLines), data);
            List<TokenSequence> eval = training.eval == null ? List.of() : CliFiles.examples(cli,
                    EncodedRecords.sft(training.eval, tokenizer, context, training.badLines), training.eval);
            err.printf("%,d training examples, %,d held out; model of %,d parameters%n", train.size(), eval.size(),
                    model.config().parameterCount());
            TrainingState done;
            try (ProgressBarListener progress = new ProgressBarListener("sft", err)) {
                done = new TrainingLoop<>(model, new SftObjective(tokenizer.padId(), options.batchSize()), options,
                        out, tokenizerJson, Sha256.file(data), progress).run(train, eval, resumeFrom);
            }
            cli.getOut().println("trained " + done.step() + " steps; wrote " + out);
            return 0;
        }
    }

    /** A run that does not resume starts from --init, or from a fresh model described by --tokenizer [--config]. */
    private void requireOneModelSource(CommandLine cli) {
        if (init == null && tokenizerFile == null) {
            throw new CommandLine.ParameterException(cli,
                    "a fresh model needs --tokenizer FILE (or start from a model with --init DIR)");
        }
        if (init != null) {
            CliFiles.requireModelDir(cli, "--init", init);
            if (config != null || tokenizerFile != null) {
                throw new CommandLine.ParameterException(cli,
                        "--config and --tokenizer describe a fresh model; a model from --init brings its own");
            }
        }
    }

    private ModelConfig freshConfig(CommandLine cli, Tokenizer tokenizer) throws IOException {
        if (config == null) {
            return DEFAULT_CONFIG.withVocabSize(tokenizer.vocabSize());
        }
        CliFiles.requireFile(cli, "--config", config);
        return ModelConfig.readSizes(config, tokenizer.vocabSize());
    }
}
