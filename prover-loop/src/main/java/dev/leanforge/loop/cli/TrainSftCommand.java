package dev.leanforge.loop.cli;

import ai.djl.Device;
import dev.leanforge.trainer.Training;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.LoraConfig;
import dev.leanforge.trainer.hf.PeftAdapter;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import dev.leanforge.trainer.tokenizer.Tokenizer;
import dev.leanforge.trainer.training.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    LoraOptions loraOptions;

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
        LoraConfig lora = loraOptions.config(cli);
        TrainingOptions.Run run = training.run(cli, out, lora != null ? 2e-4 : 3e-4);
        RunOptions options = run.options();
        Path resumeFrom = run.resumeFrom();
        if (resumeFrom == null || lora != null) {
            requireOneModelSource(cli);
        }
        boolean hf = init != null && (HfCheckpoint.isHfDirectory(init) || PeftAdapter.isAdapterDirectory(init));
        if (lora != null && !hf) {
            throw new CommandLine.ParameterException(cli, "--lora needs a Hugging Face model as --init");
        }
        Training.Run sft = Training.sft(data).out(out).options(options).eval(training.eval)
                .badLines(training.badLines).lora(lora).resumeFrom(resumeFrom).log(err::println)
                .examples(CliFiles.examples(cli));
        if (resumeFrom != null && !hf) {
            sft.init(resumeFrom); // our models resume from the checkpoint's full weights
        } else if (init != null) {
            sft.init(init);
        } else {
            Tokenizer tokenizer = BpeTokenizer.load(tokenizerFile);
            sft.fresh(freshConfig(cli, tokenizer), tokenizerFile); // its mistakes before any work
        }
        if (loraOptions.dryRun) {
            sft.plan().describe().forEach(cli.getOut()::println);
            return 0;
        }
        Device device = compute.device();
        err.println(Compute.describe(device));
        Training.Result done;
        try (ProgressBarListener progress = new ProgressBarListener("sft", err)) {
            done = sft.device(device).listener(progress).run();
        }
        cli.getOut().println("trained " + done.state().step() + " steps; wrote " + out);
        return 0;
    }

    /** A run that does not resume starts from --init, or from a fresh model described by --tokenizer [--config]. */
    private void requireOneModelSource(CommandLine cli) {
        if (init == null && tokenizerFile == null) {
            throw new CommandLine.ParameterException(cli,
                    "a fresh model needs --tokenizer FILE (or start from a model with --init DIR)");
        }
        if (init != null) {
            CliFiles.requireModelOrAdapterDir(cli, "--init", init);
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
